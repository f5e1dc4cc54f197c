// Which products are made or developed by which company, and what do they treat?
MATCH (c:Company)-[r:MANUFACTURES|DEVELOPS]->(p:Product)
OPTIONAL MATCH (p)-[:TREATS]->(d:Disease)
RETURN c.name AS company, type(r) AS relation, p.name AS product, d.name AS treats
ORDER BY company, product;
