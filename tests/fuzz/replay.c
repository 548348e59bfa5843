/* replay.c - run a libFuzzer target over files, with plain cc
 *
 * replay path... : each path is a file or a directory of files; every
 * file is passed once to LLVMFuzzerTestOneInput.  A crash or a
 * sanitizer report fails the run.  Prints "ok N target file". */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count;

static int one(const char *path)
{
  FILE *f = fopen(path, "rb");
  unsigned char *data = 0;
  size_t len = 0;
  size_t cap = 0;
  size_t r;

  if (!f) {
    printf("not ok %d %s: cannot open\n", ++count, path);
    return 1;
  }
  for (;;) {
    if (len == cap) {
      unsigned char *p;
      cap = cap ? cap * 2 : 4096;
      p = realloc(data, cap);
      if (!p) {
        fclose(f);
        free(data);
        printf("not ok %d %s: out of memory\n", ++count, path);
        return 1;
      }
      data = p;
    }
    r = fread(data + len, 1, cap - len, f);
    if (r == 0) break;
    len += r;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(data, len);
  free(data);
  printf("ok %d %s\n", ++count, path);
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv)
{
  int i;
  int bad = 0;

  for (i = 1; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) == -1) {
      printf("not ok %d %s: missing\n", ++count, argv[i]);
      bad = 1;
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      struct dirent **names;
      int n = scandir(argv[i], &names, 0, alphasort);
      int j;
      if (n < 0) {
        printf("not ok %d %s: cannot read\n", ++count, argv[i]);
        bad = 1;
        continue;
      }
      for (j = 0; j < n; ++j) {
        char path[4096];
        if (names[j]->d_name[0] != '.' &&
            (size_t)snprintf(path, sizeof path, "%s/%s", argv[i],
                             names[j]->d_name) < sizeof path)
          bad |= one(path);
        free(names[j]);
      }
      free(names);
    } else {
      bad |= one(argv[i]);
    }
  }
  if (count == 0) printf("not ok 1 no corpus files given\n");
  return bad || count == 0;
}
