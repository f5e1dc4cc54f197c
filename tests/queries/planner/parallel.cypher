// Aggregations over a scan of many nodes run on two threads, each over half of the scan;
// the halves' groups are joined into what one thread gives (the same file also runs with
// the optimizer off, on one thread): sums, counts, DISTINCT, collect's order, statistics.
UNWIND range(1, 40000) AS i CREATE (:N {i: i, g: i % 7, s: toString(i % 13)});
MATCH (x:N) RETURN x.g AS g, count(*) AS n, sum(x.i) AS total, min(x.i) AS lo, max(x.i) AS hi ORDER BY g;
/* expect
g | n | total | lo | hi
0 | 5714 | 114294285 | 7 | 39998
1 | 5715 | 114300000 | 1 | 39999
2 | 5715 | 114305715 | 2 | 40000
3 | 5714 | 114271429 | 3 | 39994
4 | 5714 | 114277143 | 4 | 39995
5 | 5714 | 114282857 | 5 | 39996
6 | 5714 | 114288571 | 6 | 39997
*/
MATCH (x:N) RETURN count(DISTINCT x.s) AS kinds, count(*) AS n, avg(x.i) AS mean;
/* expect
kinds | n | mean
13 | 40000 | 20000.5
*/
// first occurrences, in the order of the scan
MATCH (x:N) RETURN collect(DISTINCT x.s) AS kinds;
/* expect
kinds
['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '0']
*/
MATCH (x) WHERE x.g = 3 RETURN round(stDev(x.i) * 1000) / 1000 AS sd, percentileDisc(x.i, 0.5) AS median, size(collect(x.i)) AS n;
/* expect
sd | median | n
11547.438 | 19995 | 5714
*/
MATCH (x:N) WHERE x.i % 1000 = 0 RETURN collect(x.i)[0..3] AS first, sum(DISTINCT x.g) AS gs;
/* expect
first | gs
[1000, 2000, 3000] | 21
*/
