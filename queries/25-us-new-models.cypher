// What are the four new models of the U.S. biomedical industry, and which does document 003 recommend for Korea, or advise against?
MATCH (m:BusinessModel)-[:PART_OF]->(:BusinessModel {id: 'us-biomedical-new-models'})
OPTIONAL MATCH (d:Document {id: 'doc-003'})-[rec:RECOMMENDS|RECOMMENDS_AGAINST]->(m)
RETURN m.name AS model, CASE type(rec) WHEN 'RECOMMENDS' THEN 'for' WHEN 'RECOMMENDS_AGAINST' THEN 'against' END AS advice_for_korea, rec.lines AS lines
ORDER BY model;
