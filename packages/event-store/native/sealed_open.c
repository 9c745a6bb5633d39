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
 */
#include <stddef.h>
#include <stdint.h>

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

napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value function;
  if (napi_create_function(env, "openMany", 8, open_many, NULL, &function) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "openMany", function) != napi_ok) return NULL;
  return exports;
}

/* The Node-API version this addon is written against (it needs nothing newer than 1). */
int32_t node_api_module_get_api_version_v1(void) { return 8; }
