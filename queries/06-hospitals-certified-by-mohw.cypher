// Which hospitals were certified by the Ministry of Health and Welfare, in which programme and phase?
MATCH (h:Hospital)-[c:CERTIFIED_BY]->(:GovernmentAgency {name: 'Ministry of Health and Welfare'})
OPTIONAL MATCH (h)-[:PART_OF]->(parent:Hospital)
RETURN h.name AS hospital, parent.name AS part_of, c.programme AS programme, c.phase AS phase
ORDER BY hospital;
