// What are the four new models of the U.S. biomedical industry, and which does document 003 recommend for Korea?
MATCH (m:BusinessModel)-[:PART_OF]->(:BusinessModel {id: 'us-biomedical-new-models'})
OPTIONAL MATCH (d:Document {id: 'doc-003'})-[rec:RECOMMENDS]->(m)
RETURN m.name AS model, rec IS NOT NULL AS recommended_for_korea
ORDER BY model;
