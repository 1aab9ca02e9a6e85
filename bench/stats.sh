# bench/stats.sh — sourced by run.sh and tui.sh: the figures made of a
# file of timed runs, one "NAME ms ..." line each, every run of a command
# right after a floor run.

# median_peak NAME FILE: prints "median_ms peak_kb median_ratio" of NAME's
# runs in FILE, the ratio of each run to the floor run on the line before it
# (1 for the floor itself).
median_peak() {
	awk -v name="$1" '
		function median(v, n,    i, j, x) { # insertion sort: n is small
			for (i = 2; i <= n; i++) {
				x = v[i]
				for (j = i - 1; j > 0 && v[j] > x; j--)
					v[j + 1] = v[j]
				v[j + 1] = x
			}
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		$1 == name {
			ms[++n] = $2
			ratio[n] = name == "floor" ? 1 : $2 / before
			if ($4 > peak) peak = $4
		}
		{ if ($1 == "floor") before = $2 }
		END {
			if (n == 0) exit 1
			printf "%.3f %d %.4f\n", median(ms, n), peak, median(ratio, n)
		}' "$2"
}

# median_of: the median of the numbers on standard input, one a line.
median_of() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}
