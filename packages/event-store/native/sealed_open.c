/*
 * Opens a batch of AES-256-GCM sealed values in one call (docs/adr/0057-native-sealed-open.md).
 *
 * Why native: a rebuild opens one value per sealed event, each under another subject's key, and through
 * node:crypto every open pays a cipher object, a key object and four calls across the JS/C++ boundary (about
 * 3-4 us); here one reused EVP_CIPHER_CTX opens a page's values, about a tenth of that.
 *
 * No headers are needed: the few Node-API and OpenSSL 3 functions used are declared below, and resolved at load
 * time from the Node binary that loads the addon (it links OpenSSL statically and exports its symbols). Built
 * with `gcc -O2 -shared -fPIC` (packages/event-store/native/build.ts).
 *
 * JS signature: openMany(keys, input, table, count, output) -> number of values opened.
 *   keys:   Uint8Array, 32-byte keys one after the other.
 *   input:  Uint8Array holding each value's associated data (the subject) and sealed bytes
 *           (nonce 12 | ciphertext | tag 16).
 *   table:  Int32Array, 6 slots per value: key offset, AAD start, AAD length, sealed start, sealed length, and
 *           the result written back: the clear length, or -1 when the value does not authenticate or a slot
 *           points outside its buffer.
 *   output: Uint8Array as long as input: value i's clear bytes are written at its sealed start.
 * Nothing is written to output for a value that does not authenticate beyond its own range.
 *
 * JS signature: indexSubjects(subjects, ends, count, buckets) -> undefined.
 *   Builds the hash index openTexts looks subjects up in: subject i's UTF-8 bytes are
 *   subjects[ends[i - 1], ends[i]) (from 0 for the first), buckets (a power of two long, at least twice count)
 *   receives the subjects' numbers by open addressing (the last one wins for a subject given twice, as a JS Map's
 *   set). Throws on bad arguments.
 *
 * JS signature: openTexts(keys, subjects, ends, buckets, input, table, count, output) -> number of texts opened.
 *   Opens whole stored JSON texts (SealedText.pageOpener): the search for the sealed field, the subject's key, the
 *   base64 decode and the splice of the clear fields happen here, so that JS writes each text once and decodes
 *   each result once, with no per-text search or lookup of its own.
 *   keys, subjects, ends, buckets: subject i's key is keys[32 i, 32 i + 32), found through indexSubjects' index.
 *   input:  Uint8Array holding each text's UTF-8 bytes (decoded in place: its base64 part is overwritten).
 *   table:  Int32Array, 3 slots per text: text start, text length, and the result written back: the opened
 *           text's length in output (from the text's start), -1 when it stays as stored (no sealed field ending
 *           it, a subject without a key, a value that does not authenticate, clear fields `{}`), -2 when its
 *           value is not plain padded base64 (JS then opens it as node:crypto would, its decoder being lenient).
 *   output: Uint8Array as long as input, not overlapping it: text i opened is written at its start, as
 *           `SealedText.opener` splices it: the text before the sealed field, then the clear fields' object
 *           without its opening brace.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Node-API (js_native_api.h / node_api.h), version 1 ABI. */
typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status;
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);
enum { napi_ok = 0 };
enum { napi_uint8_array = 1, napi_int32_array = 5 };

extern napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *, napi_value *, napi_value *, void **);
extern napi_status napi_get_typedarray_info(napi_env, napi_value, int *, size_t *, void **, napi_value *, size_t *);
extern napi_status napi_get_value_uint32(napi_env, napi_value, uint32_t *);
extern napi_status napi_create_uint32(napi_env, uint32_t, napi_value *);
extern napi_status napi_create_function(napi_env, const char *, size_t, napi_callback, void *, napi_value *);
extern napi_status napi_set_named_property(napi_env, napi_value, const char *, napi_value);
extern napi_status napi_throw_type_error(napi_env, const char *, const char *);

/* OpenSSL 3 EVP (evp.h): stable ABI. */
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct engine_st ENGINE;
extern EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void);
extern void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *);
extern const EVP_CIPHER *EVP_aes_256_gcm(void);
extern int EVP_DecryptInit_ex(EVP_CIPHER_CTX *, const EVP_CIPHER *, ENGINE *, const unsigned char *,
                              const unsigned char *);
extern int EVP_CIPHER_CTX_ctrl(EVP_CIPHER_CTX *, int, int, void *);
extern int EVP_DecryptUpdate(EVP_CIPHER_CTX *, unsigned char *, int *, const unsigned char *, int);
extern int EVP_DecryptFinal_ex(EVP_CIPHER_CTX *, unsigned char *, int *);
#define EVP_CTRL_GCM_SET_IVLEN 0x9
#define EVP_CTRL_GCM_SET_TAG 0x11

#define SLOTS 6
#define TEXT_SLOTS 3
#define NONCE 12
#define TAG 16

static int typed(napi_env env, napi_value value, int type, void **data, size_t *length) {
  int actual;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &actual, length, data, &buffer, &offset) != napi_ok) return 0;
  return actual == type;
}

/* Whether [start, start + length) lies within [0, size). */
static int within(int32_t start, int32_t length, size_t size) {
  return start >= 0 && length >= 0 && (size_t)start + (size_t)length <= size;
}

static int32_t open_one(EVP_CIPHER_CTX *ctx, const uint8_t *key, const uint8_t *aad, int aad_length,
                        const uint8_t *sealed, int sealed_length, uint8_t *out) {
  int length = 0;
  int clear_length = sealed_length - NONCE - TAG;
  if (clear_length < 0) return -1;
  if (EVP_DecryptInit_ex(ctx, NULL, NULL, key, sealed) != 1) return -1;
  if (aad_length > 0 && EVP_DecryptUpdate(ctx, NULL, &length, aad, aad_length) != 1) return -1;
  if (clear_length > 0 && EVP_DecryptUpdate(ctx, out, &length, sealed + NONCE, clear_length) != 1) return -1;
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG, (void *)(sealed + NONCE + clear_length)) != 1) return -1;
  /* The tag is checked here: GCM's final writes no bytes. */
  if (EVP_DecryptFinal_ex(ctx, out + clear_length, &length) != 1) return -1;
  return clear_length;
}

static napi_value open_many(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  uint8_t *keys, *input, *output;
  int32_t *table;
  size_t keys_size, input_size, output_size, table_size;
  uint32_t count, opened = 0;
  napi_value result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5 ||
      !typed(env, argv[0], napi_uint8_array, (void **)&keys, &keys_size) ||
      !typed(env, argv[1], napi_uint8_array, (void **)&input, &input_size) ||
      !typed(env, argv[2], napi_int32_array, (void **)&table, &table_size) ||
      napi_get_value_uint32(env, argv[3], &count) != napi_ok ||
      !typed(env, argv[4], napi_uint8_array, (void **)&output, &output_size) || output_size < input_size ||
      (size_t)count * SLOTS > table_size) {
    napi_throw_type_error(env, NULL, "openMany(keys: Uint8Array, input: Uint8Array, table: Int32Array, count, "
                                     "output: Uint8Array): bad arguments");
    return NULL;
  }
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (ctx == NULL || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE, NULL) != 1) {
    if (ctx != NULL) EVP_CIPHER_CTX_free(ctx);
    napi_throw_type_error(env, NULL, "openMany: no AES-256-GCM context");
    return NULL;
  }
  for (uint32_t i = 0; i < count; i++) {
    int32_t *row = table + (size_t)i * SLOTS;
    int32_t key = row[0], aad = row[1], aad_length = row[2], sealed = row[3], sealed_length = row[4];
    if (!within(key, 32, keys_size) || !within(aad, aad_length, input_size) ||
        !within(sealed, sealed_length, input_size)) {
      row[5] = -1;
      continue;
    }
    row[5] = open_one(ctx, keys + key, input + aad, aad_length, input + sealed, sealed_length, output + sealed);
    if (row[5] >= 0) opened++;
  }
  EVP_CIPHER_CTX_free(ctx);
  if (napi_create_uint32(env, opened, &result) != napi_ok) return NULL;
  return result;
}


/* The sealed field the shredder writes last: "$personal":["<subject>","<base64>"] then the event's brace. */
static const char marker[] = "\"$personal\":[\"";
#define MARKER (sizeof(marker) - 1)

/* Base64 digit values, 64 for '=', 255 for anything else. */
static uint8_t digits[256];
static void init_digits(void) {
  const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 256; i++) digits[i] = 255;
  for (int i = 0; i < 64; i++) digits[(uint8_t)alphabet[i]] = (uint8_t)i;
  digits['='] = 64;
}

/* Decodes padded base64 in place (writing never overtakes reading); the decoded length, or -1. */
static int32_t decode_base64(uint8_t *bytes, int32_t length) {
  if (length % 4 != 0) return -1;
  int32_t out = 0;
  for (int32_t i = 0; i < length; i += 4) {
    uint8_t a = digits[bytes[i]], b = digits[bytes[i + 1]], c = digits[bytes[i + 2]], d = digits[bytes[i + 3]];
    if ((a | b | c | d) & 0x80) return -1;
    if (a == 64 || b == 64) return -1;
    int last = i + 4 == length;
    if (c == 64 || d == 64) {
      /* Padding only at the end, "==" or "x=". */
      if (!last || (c == 64 && d != 64)) return -1;
      bytes[out++] = (uint8_t)(a << 2 | b >> 4);
      if (c != 64) bytes[out++] = (uint8_t)(b << 4 | c >> 2);
      break;
    }
    bytes[out++] = (uint8_t)(a << 2 | b >> 4);
    bytes[out++] = (uint8_t)(b << 4 | c >> 2);
    bytes[out++] = (uint8_t)(c << 6 | d);
  }
  return out;
}

static uint32_t hash(const uint8_t *bytes, int32_t length) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (int32_t i = 0; i < length; i++) h = (h ^ bytes[i]) * 16777619u;
  return h;
}

/* The subjects' index (indexSubjects): their bytes, where each ends, the buckets. */
typedef struct {
  const uint8_t *bytes;
  const int32_t *ends;
  size_t bytes_size;
  size_t count;
  int32_t *buckets;
  uint32_t mask;
} Index;

static int32_t subject_start(const Index *index, int32_t i) { return i == 0 ? 0 : index->ends[i - 1]; }

/*
 * Subject i's number for these bytes, or -1. Each entry met is checked (a number below count, its bytes within
 * the subjects' buffer) and the probing is bounded, so that an index JS changed cannot make it read out of bounds
 * or loop; checking the whole index at each call would cost more than the opening.
 */
static int32_t lookup(const Index *index, const uint8_t *subject, int32_t length) {
  uint32_t at = hash(subject, length) & index->mask;
  for (uint32_t probes = 0; probes <= index->mask; probes++, at = (at + 1) & index->mask) {
    int32_t i = index->buckets[at];
    if (i < 0 || (size_t)i >= index->count) return -1;
    int32_t start = subject_start(index, i), end = index->ends[i];
    if (start < 0 || end < start || (size_t)end > index->bytes_size) return -1;
    if (end - start == length && memcmp(index->bytes + start, subject, (size_t)length) == 0) return i;
  }
  return -1;
}

/* Reads an index's arguments, checking their types and sizes (indexSubjects checks the ends too). */
static int read_index(napi_env env, napi_value *argv, size_t count, int check_ends, Index *index) {
  size_t bytes_size, ends_size, buckets_size;
  if (!typed(env, argv[0], napi_uint8_array, (void **)&index->bytes, &bytes_size) ||
      !typed(env, argv[1], napi_int32_array, (void **)&index->ends, &ends_size) ||
      !typed(env, argv[2], napi_int32_array, (void **)&index->buckets, &buckets_size) || ends_size < count ||
      buckets_size < 2 * count || buckets_size == 0 || (buckets_size & (buckets_size - 1)) != 0 ||
      bytes_size > INT32_MAX)
    return 0;
  index->bytes_size = bytes_size;
  index->count = count;
  index->mask = (uint32_t)(buckets_size - 1);
  int32_t previous = 0;
  if (check_ends)
    for (size_t i = 0; i < count; i++) {
      if (index->ends[i] < previous || (size_t)index->ends[i] > bytes_size) return 0;
      previous = index->ends[i];
    }
  return 1;
}

static napi_value index_subjects(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  uint32_t count;
  Index index;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4 ||
      napi_get_value_uint32(env, argv[2], &count) != napi_ok) {
    napi_throw_type_error(env, NULL, "indexSubjects(subjects: Uint8Array, ends: Int32Array, count, buckets: "
                                     "Int32Array): bad arguments");
    return NULL;
  }
  napi_value args[3] = {argv[0], argv[1], argv[3]};
  if (!read_index(env, args, count, 1, &index)) {
    napi_throw_type_error(env, NULL, "indexSubjects(subjects: Uint8Array, ends: Int32Array, count, buckets: "
                                     "Int32Array a power of two long, at least twice count): bad arguments");
    return NULL;
  }
  for (uint32_t i = 0; i <= index.mask; i++) index.buckets[i] = -1;
  for (int32_t i = 0; i < (int32_t)count; i++) {
    int32_t start = subject_start(&index, i), length = index.ends[i] - start;
    for (uint32_t at = hash(index.bytes + start, length) & index.mask;; at = (at + 1) & index.mask) {
      int32_t other = index.buckets[at];
      int32_t other_start = other < 0 ? 0 : subject_start(&index, other);
      if (other < 0 || (index.ends[other] - other_start == length &&
                        memcmp(index.bytes + other_start, index.bytes + start, (size_t)length) == 0)) {
        index.buckets[at] = i;
        break;
      }
    }
  }
  return NULL;
}

/* Index of the first `a b c` at or after from in text[0, length), or -1. */
static int32_t index_of3(const uint8_t *text, int32_t length, int32_t from, uint8_t a, uint8_t b, uint8_t c) {
  for (int32_t i = from; i + 2 < length; i++)
    if (text[i] == a && text[i + 1] == b && text[i + 2] == c) return i;
  return -1;
}

/* Opens one stored text (see openTexts above): the opened length, -1 (left as stored) or -2 (not base64). */
static int32_t open_text(EVP_CIPHER_CTX *ctx, const uint8_t *keys, const Index *index, uint8_t *text, int32_t length,
                         uint8_t *out) {
  if (length < 3 || text[length - 1] != '}' || text[length - 2] != ']' || text[length - 3] != '"') return -1;
  /* The marker's last occurrence, as String.prototype.lastIndexOf. */
  int32_t at = -1;
  for (int32_t i = length - (int32_t)MARKER; i >= 0; i--) {
    if (text[i] == '"' && memcmp(text + i, marker, MARKER) == 0) {
      at = i;
      break;
    }
  }
  if (at < 1) return -1;
  int32_t subject = at + (int32_t)MARKER;
  int32_t subject_end = index_of3(text, length, subject, '"', ',', '"');
  if (subject_end < 0) return -1;
  /* The first `"]` after the subject ends the value, as in SealedText.opener (normally the text's `"]}`). */
  int32_t value = subject_end + 3, value_end = -1;
  for (int32_t i = value; i + 1 < length; i++) {
    if (text[i] == '"' && text[i + 1] == ']') {
      value_end = i;
      break;
    }
  }
  if (value_end < 0) return -1;
  int32_t subject_number = lookup(index, text + subject, subject_end - subject);
  if (subject_number < 0) return -1;
  const uint8_t *key = keys + (size_t)subject_number * 32;
  int32_t sealed_length = decode_base64(text + value, value_end - value);
  if (sealed_length < 0) return -2;
  memcpy(out, text, (size_t)at);
  /* The clear object's `{` lands on the byte before the marker (`,` or `{`), put back after. */
  uint8_t covered = out[at - 1];
  int32_t clear_length =
      open_one(ctx, key, text + subject, subject_end - subject, text + value, sealed_length, out + at - 1);
  if (clear_length <= 2) return -1;
  out[at - 1] = covered;
  /* The clear object's closing brace gives way to what follows the field (the event's `}`, as opener splices). */
  int32_t end = at - 1 + clear_length - 1, rest = length - (value_end + 2);
  memcpy(out + end, text + value_end + 2, (size_t)rest);
  return end + rest;
}

static napi_value open_texts(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  uint8_t *keys, *input, *output;
  int32_t *table;
  size_t keys_size, input_size, output_size, table_size;
  uint32_t count, opened = 0;
  Index index;
  napi_value result;
  static const char *usage = "openTexts(keys: Uint8Array, subjects: Uint8Array, ends: Int32Array, buckets: Int32Array, "
                             "input: Uint8Array, table: Int32Array, count, output: Uint8Array, not overlapping "
                             "input): bad arguments";
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 8 ||
      !typed(env, argv[0], napi_uint8_array, (void **)&keys, &keys_size) ||
      !typed(env, argv[4], napi_uint8_array, (void **)&input, &input_size) ||
      !typed(env, argv[5], napi_int32_array, (void **)&table, &table_size) ||
      napi_get_value_uint32(env, argv[6], &count) != napi_ok ||
      !typed(env, argv[7], napi_uint8_array, (void **)&output, &output_size) || output_size < input_size ||
      (size_t)count * TEXT_SLOTS > table_size || (output < input + input_size && input < output + output_size)) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  /* As many subjects as keys: each number the index gives has its key. */
  if (!read_index(env, argv + 1, keys_size / 32, 0, &index)) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (ctx == NULL || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE, NULL) != 1) {
    if (ctx != NULL) EVP_CIPHER_CTX_free(ctx);
    napi_throw_type_error(env, NULL, "openTexts: no AES-256-GCM context");
    return NULL;
  }
  for (uint32_t i = 0; i < count; i++) {
    int32_t *row = table + (size_t)i * TEXT_SLOTS;
    int32_t start = row[0], length = row[1];
    if (!within(start, length, input_size)) {
      row[2] = -1;
      continue;
    }
    row[2] = open_text(ctx, keys, &index, input + start, length, output + start);
    if (row[2] >= 0) opened++;
  }
  EVP_CIPHER_CTX_free(ctx);
  if (napi_create_uint32(env, opened, &result) != napi_ok) return NULL;
  return result;
}

napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value function;
  if (napi_create_function(env, "openMany", 8, open_many, NULL, &function) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "openMany", function) != napi_ok) return NULL;
  init_digits();
  if (napi_create_function(env, "indexSubjects", 13, index_subjects, NULL, &function) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "indexSubjects", function) != napi_ok) return NULL;
  if (napi_create_function(env, "openTexts", 9, open_texts, NULL, &function) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "openTexts", function) != napi_ok) return NULL;
  return exports;
}

/* The Node-API version this addon is written against (it needs nothing newer than 1). */
int32_t node_api_module_get_api_version_v1(void) { return 8; }
