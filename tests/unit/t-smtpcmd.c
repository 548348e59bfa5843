/* t-smtpcmd.c - SMTP command lines, paths and parameters, message text */
#include <string.h>
#include "smtpcmd.h"
#include "t.h"

int main(void)
{
  return t_done();
}
