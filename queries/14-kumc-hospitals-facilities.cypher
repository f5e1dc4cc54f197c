// Which facilities do the hospitals of Korea University Medical Center operate?
MATCH (h:Hospital)-[:PART_OF]->(:Hospital {name: 'Korea University Medical Center'})
MATCH (h)-[:OPERATES]->(f)
RETURN h.name AS hospital, f.name AS facility
ORDER BY hospital, facility;
