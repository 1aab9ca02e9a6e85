/* journal-seal: copies standard input to standard output, ending each line
 * with the check samplan's journal puts on a record ("\t#" and the FNV-1a
 * of the line, in hex), so that a test can write a journal by hand: a
 * crafted one that reads, with values that must not. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[65536];
	while (fgets(line, sizeof(line), stdin)) {
		size_t n = strcspn(line, "\n");
		uint32_t h = 0x811c9dc5u;
		for (size_t i = 0; i < n; i++) {
			h ^= (unsigned char)line[i];
			h *= 0x01000193u;
		}
		printf("%.*s\t#%08x\n", (int)n, line, (unsigned)h);
	}
	return ferror(stdin) || fflush(stdout) != 0 ? 1 : 0;
}
