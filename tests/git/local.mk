TESTS += tests/git/git.sh tests/git/sv.sh tests/git/merge.sh tests/git/sync.sh
EXTRA_DIST += tests/git/git.sh tests/git/sv.sh tests/git/merge.sh tests/git/sync.sh tests/git/history.diff tests/git/history.md tests/git/history-f3.txt \
	tests/git/history-f3-alone.txt
