META
key;value
description;Budget de quartier
country;France
unts;3
num_votes;4
budget;100
vote_type;approval
currency;EUR
min_leng_length;3
PROJECTS
project_id;cost;votes;name;category;Sud;0
VOTES
voter_id;vote;av1;1,2;34;F

