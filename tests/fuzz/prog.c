/* prog.c - the program name err.c wants, for fuzz targets linked from
 * all library sources at once */
const char *prog = "fuzz";
