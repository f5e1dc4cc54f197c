// Which Korean pharma companies spend most on R&D (Table 3 of document 003), ranked?
MATCH (c:Company)-[r:RANKED_IN]->(:Ranking {id: 'table-3-korea'})
RETURN r.rank AS rank, c.name AS company, r.rd_expenditure_krw_bn AS rd_krw_bn
ORDER BY rank;
