META
key;value
budget;2500,50
vote_type;ordinal
min_project_score_threshold;1
PROJECTS
project_id;cost
p1;1000
p2;1500.25
p3;1/3
VOTES
voter_id;vote
1;p3,p1,p2
2;p2

3;p1,p3
