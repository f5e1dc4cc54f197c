// Temporal values beyond what the TCK checks: month-end clamping, time-zone gaps and
// overlaps, cross-type comparison and ordering, grouping, aggregation, storage, errors.
RETURN date('2016-01-31') + duration('P1M') AS leap, date('2015-01-31') + duration('P1M') AS plain, date('2016-02-29') - duration('P1Y') AS back;
/* expect
leap | plain | back
2016-02-29 | 2015-02-28 | 2015-02-28
*/
RETURN datetime('2017-03-26T02:30[Europe/Stockholm]') AS gap, datetime('2017-10-29T02:30[Europe/Stockholm]') AS overlap;
/* expect
gap | overlap
2017-03-26T03:30+02:00[Europe/Stockholm] | 2017-10-29T02:30+02:00[Europe/Stockholm]
*/
RETURN datetime('2017-03-25T12:00[Europe/Stockholm]') + duration('P1D') AS over_dst, datetime('2017-03-25T12:00[Europe/Stockholm]') + duration('PT24H') AS by_hours;
/* expect
over_dst | by_hours
2017-03-26T12:00+02:00[Europe/Stockholm] | 2017-03-26T13:00+02:00[Europe/Stockholm]
*/
RETURN date('2020-01-01') < localdatetime('2020-01-02T00:00') AS mixed, duration('P1D') < duration('P2D') AS durations, date('2020-01-01') = '2020-01-01' AS with_string;
/* expect
mixed | durations | with_string
null | null | false
*/
RETURN datetime('2020-01-01T01:00+01:00') = datetime('2020-01-01T00:00Z') AS same_instant_other_offset, datetime('2020-01-01T01:00+01:00') < datetime('2020-01-01T00:30Z') AS earlier;
/* expect
same_instant_other_offset | earlier
false | true
*/
UNWIND [duration('PT1H'), 'a', date('2020-01-01'), localtime('10:00'), datetime('2020-01-01T00:00Z'), 1, time('10:00Z'), localdatetime('2020-01-01T00:00')] AS v
RETURN v ORDER BY v;
/* expect
v
2020-01-01T00:00Z
2020-01-01T00:00
2020-01-01
10:00Z
10:00
PT1H
'a'
1
*/
UNWIND [date('2020-01-02'), date('2020-01-01'), date('2020-01-02'), null] AS d
RETURN count(DISTINCT d) AS n, min(d) AS first, max(d) AS last, collect(DISTINCT toString(d)) AS texts;
/* expect
n | first | last | texts
2 | 2020-01-01 | 2020-01-02 | ['2020-01-02', '2020-01-01']
*/
UNWIND [duration({hours: 25}), duration({days: 1, hours: 1}), duration('PT25H')] AS d
RETURN toString(d) AS text, count(*) AS n ORDER BY text;
/* expect
text | n
'P1DT1H' | 1
'PT25H' | 2
*/
CREATE (:Event {at: datetime('2021-06-01T09:30:15.5+09:00[Asia/Seoul]'), took: duration('PT1H30M')});
MATCH (e:Event) RETURN e.at.epochSeconds AS s, e.at.epochMillis AS ms, e.at.timezone AS tz, e.at.offset AS off, (e.at + e.took).hour AS done;
/* expect
s | ms | tz | off | done
1622507415 | 1622507415500 | 'Asia/Seoul' | '+09:00' | 11
*/
RETURN valueType(date('2020-01-01')) AS d, valueType(duration('P1D')) AS u, toString(date({year: -44, month: 3, day: 15})) AS ides, toString(date('+12345-01-01')) AS far;
/* expect
d | u | ides | far
'DATE NOT NULL' | 'DURATION NOT NULL' | '-0044-03-15' | '+12345-01-01'
*/
RETURN duration('P1Y2M') * 2 AS twice, duration('PT1M') / 4 AS quarter, 3 * duration('P1D') AS left_factor;
/* expect
twice | quarter | left_factor
P2Y4M | PT15S | P3D
*/
RETURN date('2015-13-01') AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN datetime({year: 2020, timezone: 'Mars/Olympus'}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN date({year: 2020}).hour AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN date.truncate('hour', date('2020-01-01')) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN date({month: 2, day: 3}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN date({year: 9223372036854775807}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN date('2020-01-01') + duration({months: 9223372036854775807}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN datetime({epochSeconds: 9223372036854775807}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN localtime.truncate('millisecond', localtime('12:00:00.123456'), {nanosecond: 9223372036854775807}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN localtime.truncate('millisecond', localtime('12:00:00.123456'), {nanosecond: 7}) AS kept;
/* expect
kept
12:00:00.123000007
*/
RETURN -duration('P1M2DT3.5S') AS neg, duration({months: -9223372036854775807 - 1}) AS min_months;
/* expect
neg | min_months
P-1M-2DT-3.5S | P-768614336404564650Y-8M
*/
RETURN -duration({months: -9223372036854775807 - 1}) AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
