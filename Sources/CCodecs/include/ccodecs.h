// Decoding and encoding helpers around libjpeg, libpng and zlib.
//
// libjpeg and libpng report errors by longjmp, which Swift cannot express; these wrappers
// catch them in C and return an error message instead, so that a corrupt image becomes
// a thrown Swift error, never a crash.
#ifndef OCNNA_CCODECS_H
#define OCNNA_CCODECS_H

#include <stddef.h>
#include <stdint.h>

// Decodes a JPEG held in memory to interleaved 8-bit RGB (or gray when it has one
// channel), with libjpeg's default settings. On success returns 0 and sets *pixels
// (free with ccodecs_free), *width, *height and *channels; on failure returns -1 and
// writes a message to error.
int ccodecs_decode_jpeg(const uint8_t *data, size_t size, uint8_t **pixels, int *width,
                        int *height, int *channels, char *error, size_t error_size);

// Encodes interleaved 8-bit pixels (1 or 3 channels) as a JPEG of the given quality.
int ccodecs_encode_jpeg(const uint8_t *pixels, int width, int height, int channels,
                        int quality, uint8_t **data, size_t *size, char *error,
                        size_t error_size);

// Decodes a PNG held in memory to interleaved 8-bit RGB (or gray for gray images).
int ccodecs_decode_png(const uint8_t *data, size_t size, uint8_t **pixels, int *width,
                       int *height, int *channels, char *error, size_t error_size);

// Encodes interleaved 8-bit pixels (1 or 3 channels) as a PNG.
int ccodecs_encode_png(const uint8_t *pixels, int width, int height, int channels,
                       uint8_t **data, size_t *size, char *error, size_t error_size);

// Inflates gzip (or zlib) data. Returns 0 and the result in *output, or -1 with a message
// naming the byte offset where the stream went wrong.
int ccodecs_gunzip(const uint8_t *data, size_t size, uint8_t **output, size_t *output_size,
                   char *error, size_t error_size);

// Compresses data in the gzip format.
int ccodecs_gzip(const uint8_t *data, size_t size, uint8_t **output, size_t *output_size,
                 char *error, size_t error_size);

// Frees memory returned by the functions above.
void ccodecs_free(void *pointer);

#endif
