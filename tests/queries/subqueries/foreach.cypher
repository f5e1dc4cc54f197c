// FOREACH: updating clauses for each element of a list.
FOREACH (i IN range(1, 3) | CREATE (:N {i: i}));
MATCH (n:N) WITH n ORDER BY n.i RETURN collect(n.i) AS xs;
/* expect
xs
[1, 2, 3]
*/

MATCH (n:N) WITH collect(n) AS ns FOREACH (n IN ns | SET n.double = n.i * 2);
MATCH (n:N) RETURN n.i AS i, n.double AS d ORDER BY i;
/* expect
i | d
1 | 2
2 | 4
3 | 6
*/

// nested FOREACH, MERGE and REMOVE inside
FOREACH (a IN ['x', 'y'] | FOREACH (b IN [1, 2] | MERGE (:M {k: a + toString(b)})));
MATCH (m:M) RETURN m.k AS k ORDER BY k;
/* expect
k
'x1'
'x2'
'y1'
'y2'
*/
MATCH (n:N) WITH collect(n) AS ns FOREACH (n IN ns | REMOVE n.double);
MATCH (n:N) WHERE n.double IS NOT NULL RETURN count(n) AS c;
/* expect
c
0
*/

// the rows go on unchanged; null lists do nothing
UNWIND [1, 2] AS x FOREACH (y IN null | CREATE (:Never)) RETURN x;
/* expect
x
1
2
*/
MATCH (n:Never) RETURN count(n) AS c;
/* expect
c
0
*/
FOREACH (x IN [1] | MATCH (n) RETURN n);
/* expect error: SyntaxError.InvalidClauseComposition */
