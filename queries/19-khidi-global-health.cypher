// Which diseases do KHIDI-funded projects for emerging countries target, and how many projects were funded?
MATCH (k:GovernmentAgency {name: 'Korea Health Industry Development Institute'})-[:FUNDS]->(p:Programme)
MATCH (p)-[:TARGETS]->(d:Disease)
WITH p, d ORDER BY d.name
RETURN p.name AS programme, p.project_count_min AS projects_more_than, collect(d.name) AS diseases;
