// What figures describe the Greater Boston biotech cluster, with their sources?
MATCH (c:Cluster {name: 'Greater Boston biotech cluster'})
RETURN c.organization_count_2023 AS organizations_2023, c.investment_usd_bn_2023 AS investment_usd_bn, c.employees_2023 AS employees, c.biotech_company_count AS biotech_companies, c.biotech_company_count_source AS companies_source;
