// What is at Jeongneung Mediscience Park and what does it run?
MATCH (p:Cluster {name: 'Jeongneung Mediscience Park'})
OPTIONAL MATCH (x)-[:LOCATED_IN]->(p)
WITH p, x ORDER BY x.name
WITH p, collect(DISTINCT x.name) AS located_here
OPTIONAL MATCH (p)-[:OPERATES]->(f)
OPTIONAL MATCH (partner)-[:OPERATES]->(f) WHERE partner <> p
RETURN located_here, f.name AS operates, collect(partner.name) AS jointly_with
ORDER BY operates;
