/*
 * A libFuzzer target without libFuzzer: runs LLVMFuzzerTestOneInput once on
 * each file named, so make test replays every seed and every kept crash
 * (tests/fuzz/replay.sh) with the normal compiler, and make asan with the
 * sanitizers. Exit 0 when every input ran; a target that finds a fault aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLAY_INPUT_MAX (8 * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data;
		size_t n;

		if (f == NULL) {
			fprintf(stderr, "replay: %s: cannot open it\n", argv[i]);
			return 1;
		}
		data = malloc(REPLAY_INPUT_MAX);
		if (data == NULL) {
			fclose(f);
			return 1;
		}
		n = fread(data, 1, REPLAY_INPUT_MAX, f);
		fclose(f);
		/* A copy of exactly n bytes, so reading past the input is caught under ASan. */
		uint8_t *exact = malloc(n > 0 ? n : 1);
		if (exact == NULL) {
			free(data);
			return 1;
		}
		memcpy(exact, data, n);
		free(data);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}
