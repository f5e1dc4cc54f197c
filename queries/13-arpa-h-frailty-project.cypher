// Which project was selected for the Korean ARPA-H programme, for how much, led by whom, with which participants?
MATCH (p:Project)-[s:SELECTED_FOR]->(:Programme {name: 'Korean ARPA-H Project'})
MATCH (leader:Person)-[:LEADS]->(p)
MATCH (x)-[:PARTICIPATES_IN]->(p)
WITH p, s, leader, x ORDER BY x.name
RETURN p.name AS project, s.year AS year, s.round AS round, s.amount_krw_bn AS krw_bn, leader.name AS leader, collect(x.name) AS participants;
