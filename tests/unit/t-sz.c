/* t-sz.c - checked size arithmetic at its edges */
#include <stdint.h>
#include "sz.h"
#include "t.h"

static void t_add(void)
{
  size_t r = 7;
  CHECK(sz_add(&r, 0, 0) && r == 0);
  CHECK(sz_add(&r, 1, 0) && r == 1);
  CHECK(sz_add(&r, SIZE_MAX / 2, SIZE_MAX / 2) && r == SIZE_MAX - 1);
  CHECK(sz_add(&r, SIZE_MAX / 2, SIZE_MAX / 2 + 1) && r == SIZE_MAX);
  CHECK(sz_add(&r, SIZE_MAX, 0) && r == SIZE_MAX);
  r = 7;
  CHECK(!sz_add(&r, SIZE_MAX, 1) && r == 7);     /* untouched on overflow */
  CHECK(!sz_add(&r, SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 1));
  CHECK(!sz_add(&r, SIZE_MAX, SIZE_MAX));
}

static void t_add3(void)
{
  size_t r = 0;
  CHECK(sz_add3(&r, 1, 2, 3) && r == 6);
  CHECK(sz_add3(&r, SIZE_MAX - 2, 1, 1) && r == SIZE_MAX);
  CHECK(!sz_add3(&r, SIZE_MAX - 2, 1, 2));
  CHECK(!sz_add3(&r, SIZE_MAX, 1, 0));
}

static void t_mul(void)
{
  size_t r = 9;
  CHECK(sz_mul(&r, 0, SIZE_MAX) && r == 0);
  CHECK(sz_mul(&r, SIZE_MAX, 0) && r == 0);
  CHECK(sz_mul(&r, 1, SIZE_MAX) && r == SIZE_MAX);
  CHECK(sz_mul(&r, SIZE_MAX / 2, 2) && r == SIZE_MAX - 1);
  r = 9;
  CHECK(!sz_mul(&r, SIZE_MAX / 2 + 1, 2) && r == 9);
  CHECK(!sz_mul(&r, SIZE_MAX, SIZE_MAX));
  CHECK(sz_mul(&r, (size_t)1 << (sizeof(size_t) * 4),
               ((size_t)1 << (sizeof(size_t) * 4)) - 1));
  CHECK(!sz_mul(&r, (size_t)1 << (sizeof(size_t) * 4),
                (size_t)1 << (sizeof(size_t) * 4)));
}

int main(void)
{
  TEST(t_add);
  TEST(t_add3);
  TEST(t_mul);
  return t_done();
}
