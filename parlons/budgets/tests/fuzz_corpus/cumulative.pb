META
key;value
budget;1000
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost;name
A;400;Jardin
B;300;Fontaine
C;500;"Piste
sur deux lignes"
VOTES
voter_id;vote;points
1;A,B;5,5
2;C;10
3;A,C;3,7
4;;None
