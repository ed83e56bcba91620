#include "ccodecs.h"

#include <stdio.h>  // jpeglib.h needs FILE declared first

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void ccodecs_free(void *pointer) { free(pointer); }

// The most pixels an image may declare: checked from the header, before any pixel memory
// is allocated, so that a small file declaring 30000×30000 pixels costs nothing.
static const unsigned long long max_pixels = 8192ULL * 8192ULL;

static int too_large(unsigned long long width, unsigned long long height, char *error,
                     size_t error_size) {
  if (width * height <= max_pixels) return 0;
  snprintf(error, error_size,
           "the header declares %llu×%llu pixels, more than the limit of %llu (8192×8192)",
           width, height, max_pixels);
  return 1;
}

// ---- JPEG -------------------------------------------------------------------------------

struct jpeg_failure {
  struct jpeg_error_mgr manager;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

static void jpeg_fail(j_common_ptr info) {
  struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
  (*info->err->format_message)(info, failure->message);
  longjmp(failure->jump, 1);
}

// Corrupt-data warnings (for example a truncated scan) are failures too: a silently
// half-grey image would corrupt a dataset.
static void jpeg_warn(j_common_ptr info, int level) {
  if (level < 0) jpeg_fail(info);
}

int ccodecs_decode_jpeg(const uint8_t *data, size_t size, uint8_t **pixels, int *width,
                        int *height, int *channels, char *error, size_t error_size) {
  struct jpeg_decompress_struct info;
  struct jpeg_failure failure;
  uint8_t *volatile result = NULL;
  info.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = jpeg_fail;
  failure.manager.emit_message = jpeg_warn;
  if (setjmp(failure.jump)) {
    snprintf(error, error_size, "%s", failure.message);
    jpeg_destroy_decompress(&info);
    free(result);
    return -1;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, (unsigned long)size);
  jpeg_read_header(&info, TRUE);
  if (too_large(info.image_width, info.image_height, error, error_size)) {
    jpeg_destroy_decompress(&info);
    return -1;
  }
  if (info.num_components != 1) info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  int stride = info.output_width * info.output_components;
  result = malloc((size_t)stride * info.output_height);
  if (!result) {
    snprintf(error, error_size, "out of memory");
    jpeg_destroy_decompress(&info);
    return -1;
  }
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = result + (size_t)info.output_scanline * stride;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  *pixels = result;
  *width = (int)info.output_width;
  *height = (int)info.output_height;
  *channels = info.output_components;
  jpeg_destroy_decompress(&info);
  return 0;
}

int ccodecs_encode_jpeg(const uint8_t *pixels, int width, int height, int channels,
                        int quality, uint8_t **data, size_t *size, char *error,
                        size_t error_size) {
  struct jpeg_compress_struct info;
  struct jpeg_failure failure;
  unsigned char *buffer = NULL;
  unsigned long length = 0;
  info.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = jpeg_fail;
  if (setjmp(failure.jump)) {
    snprintf(error, error_size, "%s", failure.message);
    jpeg_destroy_compress(&info);
    free(buffer);
    return -1;
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &length);
  info.image_width = width;
  info.image_height = height;
  info.input_components = channels;
  info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * width * channels);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  *data = buffer;
  *size = length;
  return 0;
}

// ---- PNG --------------------------------------------------------------------------------

int ccodecs_decode_png(const uint8_t *data, size_t size, uint8_t **pixels, int *width,
                       int *height, int *channels, char *error, size_t error_size) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, data, size)) {
    snprintf(error, error_size, "%s", image.message);
    return -1;
  }
  if (too_large(image.width, image.height, error, error_size)) {
    png_image_free(&image);
    return -1;
  }
  int gray = (image.format & PNG_FORMAT_FLAG_COLOR) == 0;
  image.format = gray ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  uint8_t *result = malloc(PNG_IMAGE_SIZE(image));
  if (!result) {
    png_image_free(&image);
    snprintf(error, error_size, "out of memory");
    return -1;
  }
  if (!png_image_finish_read(&image, NULL, result, 0, NULL)) {
    snprintf(error, error_size, "%s", image.message);
    free(result);
    png_image_free(&image);
    return -1;
  }
  *pixels = result;
  *width = (int)image.width;
  *height = (int)image.height;
  *channels = gray ? 1 : 3;
  return 0;
}

int ccodecs_encode_png(const uint8_t *pixels, int width, int height, int channels,
                       uint8_t **data, size_t *size, char *error, size_t error_size) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  png_alloc_size_t length = 0;
  if (!png_image_write_to_memory(&image, NULL, &length, 0, pixels, 0, NULL)) {
    snprintf(error, error_size, "%s", image.message);
    return -1;
  }
  uint8_t *buffer = malloc(length);
  if (!buffer || !png_image_write_to_memory(&image, buffer, &length, 0, pixels, 0, NULL)) {
    snprintf(error, error_size, "%s", buffer ? image.message : "out of memory");
    free(buffer);
    return -1;
  }
  *data = buffer;
  *size = length;
  return 0;
}

// ---- zlib -------------------------------------------------------------------------------

int ccodecs_gunzip(const uint8_t *data, size_t size, uint8_t **output, size_t *output_size,
                   char *error, size_t error_size) {
  z_stream stream;
  memset(&stream, 0, sizeof stream);
  // 32 + 15: detect gzip or zlib headers automatically.
  if (inflateInit2(&stream, 32 + 15) != Z_OK) {
    snprintf(error, error_size, "cannot start inflating");
    return -1;
  }
  size_t capacity = size * 4 + 1024, length = 0;
  uint8_t *buffer = malloc(capacity);
  stream.next_in = (Bytef *)data;
  stream.avail_in = 0;
  size_t fed = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (stream.avail_in == 0) {
      size_t chunk = size - fed > (1u << 30) ? (1u << 30) : size - fed;
      if (chunk == 0) {
        snprintf(error, error_size, "gzip stream ends early at byte %zu (file truncated?)",
                 size);
        inflateEnd(&stream);
        free(buffer);
        return -1;
      }
      stream.next_in = (Bytef *)data + fed;
      stream.avail_in = (uInt)chunk;
      fed += chunk;
    }
    if (length == capacity) {
      capacity *= 2;
      uint8_t *grown = realloc(buffer, capacity);
      if (!grown) {
        snprintf(error, error_size, "out of memory");
        inflateEnd(&stream);
        free(buffer);
        return -1;
      }
      buffer = grown;
    }
    size_t room = capacity - length > (1u << 30) ? (1u << 30) : capacity - length;
    stream.next_out = buffer + length;
    stream.avail_out = (uInt)room;
    status = inflate(&stream, Z_NO_FLUSH);
    length += room - stream.avail_out;
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      snprintf(error, error_size, "corrupt gzip data near byte %zu: %s",
               (size_t)(fed - stream.avail_in), stream.msg ? stream.msg : "inflate failed");
      inflateEnd(&stream);
      free(buffer);
      return -1;
    }
  }
  inflateEnd(&stream);
  *output = buffer;
  *output_size = length;
  return 0;
}

int ccodecs_gzip(const uint8_t *data, size_t size, uint8_t **output, size_t *output_size,
                 char *error, size_t error_size) {
  z_stream stream;
  memset(&stream, 0, sizeof stream);
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + 15, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    snprintf(error, error_size, "cannot start deflating");
    return -1;
  }
  size_t capacity = deflateBound(&stream, size) + 64;
  uint8_t *buffer = malloc(capacity);
  stream.next_in = (Bytef *)data;
  stream.avail_in = (uInt)size;
  stream.next_out = buffer;
  stream.avail_out = (uInt)capacity;
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) {
    snprintf(error, error_size, "deflate failed");
    deflateEnd(&stream);
    free(buffer);
    return -1;
  }
  *output = buffer;
  *output_size = stream.total_out;
  deflateEnd(&stream);
  return 0;
}
