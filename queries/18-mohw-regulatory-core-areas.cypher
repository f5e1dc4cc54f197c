// What are the seven core areas of the Ministry of Health and Welfare's biohealth regulatory innovation?
MATCH (:Plan {id: 'mohw-biohealth-regulatory-innovation'})-[t:TARGETS]->(x)
WHERE t.area IS NOT NULL
RETURN x.name AS target, t.area AS area_as_listed
ORDER BY target;
