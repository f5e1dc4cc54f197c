// Which global pharma companies spend most on R&D (Table 3 of document 003), ranked?
MATCH (c:Company)-[r:RANKED_IN]->(:Ranking {id: 'table-3-global'})
RETURN r.rank AS rank, c.name AS company, r.rd_expenditure_usd_bn AS rd_usd_bn
ORDER BY rank;
