// Which licensing deals does the graph record, with value and year?
MATCH (a)-[l:LICENSED_TO]->(b)
RETURN a.name AS licensor, b.name AS licensee, l.year AS year, l.deal_count AS deals, l.amount_krw_bn AS amount_krw_bn;
