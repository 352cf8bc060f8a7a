META
key;value
description;Budget de quartier
country;France
unit;Saint-Essai
instance;2025
num_projects;3
num_votes;3
budget;100
vote_type;approval
currency;EUR
min_length;1
max_length;3
PROJECTS
project_id;cost;votes;name;category;target;district;selected
1;60;2;Un parc;nature,sport;enfants,seniors;Nord;1
2;50.5;1;"Une piste; cyclable";mobilité;None;Sud;0
3;10;0;Un banc;None;None;Sud;0
VOTES
voter_id;vote;age;sex
v1;1,2;34;F
v2;1;51;M
v3;;;
