/* t-str.c - string and byte helpers */
#include "str.h"
#include "t.h"

static void t_str(void)
{
  CHECK(str_equal("abc", "abc") && !str_equal("abc", "abd"));
  CHECK(str_start("abcdef", "abc") && str_start("abc", "") &&
        !str_start("ab", "abc"));
}

static void t_byte(void)
{
  CHECK(byte_chr("hello", 5, 'l') == 2);
  CHECK(byte_chr("hello", 5, 'z') == 5);
  CHECK(byte_chr("", 0, 'a') == 0);
  CHECK(byte_chr("a\0b", 3, 0) == 1);
  CHECK(byte_rchr("hello", 5, 'l') == 3);
  CHECK(byte_rchr("hello", 5, 'z') == 5);
  CHECK(byte_rchr("", 0, 'z') == 0);
}

static void t_case(void)
{
  char s[] = "MiXeD-123\xc4";
  CHECK(case_lower('A') == 'a' && case_lower('z') == 'z' &&
        case_lower('[') == '[' && case_lower(0xc4) == 0xc4);
  case_lowerb(s, sizeof s - 1);
  CHECK(str_equal(s, "mixed-123\xc4"));
  CHECK(case_equals("Example.COM", "example.com"));
  CHECK(!case_equals("example.com", "example.co"));
  CHECK(case_equalb("ABC", "abd", 2) && !case_equalb("ABC", "abd", 3));
  CHECK(case_startb("MAIL FROM:<>", 12, "mail from:"));
  CHECK(!case_startb("MAIL", 4, "mail from:"));
}

int main(void)
{
  TEST(t_str);
  TEST(t_byte);
  TEST(t_case);
  return t_done();
}
