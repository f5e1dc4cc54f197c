// avg, sum, stDev, percentiles and grouping.
UNWIND [1, 2, 3, 4] AS x RETURN avg(x) AS a, sum(x) AS s, min(x) AS lo, max(x) AS hi, count(x) AS n;
/* expect
a | s | lo | hi | n
2.5 | 10 | 1 | 4 | 4
*/
UNWIND [1, 2.5, null] AS x RETURN avg(x) AS a, sum(x) AS s, count(x) AS n, count(*) AS rows;
/* expect
a | s | n | rows
1.75 | 3.5 | 2 | 3
*/
UNWIND [] AS x RETURN avg(x) AS a, sum(x) AS s, collect(x) AS c, count(*) AS n;
/* expect
a | s | c | n
null | 0 | [] | 0
*/
UNWIND [2, 4, 4, 4, 5, 5, 7, 9] AS x RETURN stDevP(x) AS p, percentileDisc(x, 0.5) AS d, percentileCont(x, 0.25) AS c;
/* expect
p | d | c
2.0 | 4 | 4.0
*/
UNWIND ['a', 'b', 'a', 'c', 'a'] AS k RETURN k, count(*) AS n ORDER BY n DESC, k;
/* expect
k | n
'a' | 3
'b' | 1
'c' | 1
*/
UNWIND [1, 1, 2] AS x RETURN count(DISTINCT x) AS d, collect(DISTINCT x) AS c;
/* expect
d | c
2 | [1, 2]
*/
UNWIND [1, 2] AS x RETURN percentileDisc(x, 1.5) AS bad;
/* expect error: ArgumentError.NumberOutOfRange */
MATCH (n) WHERE count(n) > 1 RETURN n;
/* expect error: SyntaxError.InvalidAggregation */
