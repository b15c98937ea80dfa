/* Compiled helpers of the cleaner (optional; each has a Python twin giving the same answers).
 *
 * 1. Does a text hold any of a fixed set of keywords? The cleaner's keyword screens.
 *
 * The line rules clear most lines with one test: "is any keyword of the table a substring of
 * this line?" (rules.py: the SEARCH keywords, the caption screens). Python's regex engine runs
 * that test as a trie of the keywords tried at every position of the line, ~50 ns a character.
 * Here a table indexes the keywords by their first two characters (a 4096-slot hash of the
 * pair; one-character keywords by a bitmap of their character), so most positions are passed
 * over after one table look-up. The answer is exactly `any(k in text for k in keys)`:
 * candidates found through a hash slot are compared in full.
 *
 *   table(keys: tuple[str, ...]) -> capsule
 *   any_in(table, text: str) -> bool
 *
 * Without this module rules.py uses the regex trie (the same answers).
 *
 * 3. The hashed features of a document's lines for the line model (features.hashed_doc):
 *
 *   line_keys(lines: list[str], n_hash: int) -> bytes | None
 *
 * gives, as native int64 values, every `line * n_hash + feature` key that hashed_doc's numpy
 * code builds (unigrams, bigrams, first and last token, length bucket; repeats included: the
 * caller takes np.unique) for lines already lower-cased. Tokens are those of
 * `re.findall(r"\w+|[^\w\s]", line)` (\w: Py_UNICODE_ISALNUM or '_', \s:
 * Py_UNICODE_ISSPACE, as _sre decides), each hashed as xxhash's xxh32 (seed 0) of its UTF-8
 * bytes, then combined with hashed_doc's arithmetic on int64. None for a line holding a
 * surrogate (its encoding fails: the Python code raises its own error).
 *
 * 2. Stem counts of a text for the line model's topical overlap (topic.StemCounts):
 *
 *   stem_counts(text: str, stop: frozenset, min_len: int, prefix: int) -> dict[str, int]
 *
 * is, for a text already lower-cased, the count of each `w[:prefix]` over the words
 * `w` of `re.findall(r"[^\W\d_]{min_len,}", text)` that are not in `stop`. A character
 * belongs to a word exactly as the regex engine (_sre) decides it: Py_UNICODE_ISALNUM and
 * not Py_UNICODE_ISDECIMAL (\w is ISALNUM or '_', \d is ISDECIMAL), the same CPython
 * tables; a word is a maximal run of such characters. Without this module topic.py runs
 * the regex itself.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NSLOT 4096
#define SINGLE_BITS 4096

typedef struct {
    Py_ssize_t n;       /* keywords */
    int always;         /* an empty keyword: every text holds it */
    Py_UCS4 **key;      /* code points of each keyword */
    Py_ssize_t *len;
    int32_t *next;      /* chain of keywords in the same slot, -1 ends */
    int32_t slot[NSLOT];/* first keyword of each pair slot, -1 none */
    int has_single;
    uint64_t single_bits[SINGLE_BITS / 64];
    Py_UCS4 *single;    /* the one-character keywords */
    Py_ssize_t n_single;
} KeyTable;

static inline unsigned pair_slot(Py_UCS4 a, Py_UCS4 b) {
    uint32_t h = (uint32_t)a * 0x9E3779B1u ^ ((uint32_t)b * 0x85EBCA77u);
    return (h >> 20) & (NSLOT - 1);
}

static void table_free(KeyTable *t) {
    if (!t) return;
    if (t->key) {
        for (Py_ssize_t i = 0; i < t->n; i++) PyMem_Free(t->key[i]);
    }
    PyMem_Free(t->key);
    PyMem_Free(t->len);
    PyMem_Free(t->next);
    PyMem_Free(t->single);
    PyMem_Free(t);
}

static void capsule_free(PyObject *cap) {
    table_free((KeyTable *)PyCapsule_GetPointer(cap, "newssift.keytable"));
}

static PyObject *py_table(PyObject *self, PyObject *arg) {
    if (!PyTuple_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "table() takes a tuple of str");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(arg);
    KeyTable *t = PyMem_Calloc(1, sizeof(KeyTable));
    if (!t) return PyErr_NoMemory();
    t->n = n;
    t->key = PyMem_Calloc(n ? n : 1, sizeof(Py_UCS4 *));
    t->len = PyMem_Calloc(n ? n : 1, sizeof(Py_ssize_t));
    t->next = PyMem_Calloc(n ? n : 1, sizeof(int32_t));
    t->single = PyMem_Calloc(n ? n : 1, sizeof(Py_UCS4));
    if (!t->key || !t->len || !t->next || !t->single) {
        table_free(t);
        return PyErr_NoMemory();
    }
    for (int s = 0; s < NSLOT; s++) t->slot[s] = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyTuple_GET_ITEM(arg, i);
        if (!PyUnicode_Check(k)) {
            table_free(t);
            PyErr_SetString(PyExc_TypeError, "table() takes a tuple of str");
            return NULL;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        t->len[i] = len;
        t->next[i] = -1;
        if (len == 0) {
            t->always = 1;
            continue;
        }
        t->key[i] = PyUnicode_AsUCS4Copy(k);
        if (!t->key[i]) {
            table_free(t);
            return NULL;
        }
        if (len == 1) {
            Py_UCS4 c = t->key[i][0];
            t->single_bits[(c % SINGLE_BITS) / 64] |= (uint64_t)1 << (c % 64);
            t->single[t->n_single++] = c;
            t->has_single = 1;
        } else {
            unsigned s = pair_slot(t->key[i][0], t->key[i][1]);
            t->next[i] = t->slot[s];
            t->slot[s] = (int32_t)i;
        }
    }
    PyObject *cap = PyCapsule_New(t, "newssift.keytable", capsule_free);
    if (!cap) table_free(t);
    return cap;
}

#define SCAN(TYPE)                                                                        \
    {                                                                                     \
        const TYPE *s = (const TYPE *)data;                                               \
        for (Py_ssize_t i = 0; i < n; i++) {                                              \
            Py_UCS4 c = s[i];                                                             \
            if (t->has_single &&                                                          \
                (t->single_bits[(c % SINGLE_BITS) / 64] >> (c % 64) & 1)) {               \
                for (Py_ssize_t j = 0; j < t->n_single; j++)                              \
                    if (t->single[j] == c) return 1;                                      \
            }                                                                             \
            if (i + 1 >= n) break;                                                        \
            int32_t k = t->slot[pair_slot(c, s[i + 1])];                                  \
            for (; k >= 0; k = t->next[k]) {                                              \
                Py_ssize_t len = t->len[k];                                               \
                if (len > n - i) continue;                                                \
                const Py_UCS4 *key = t->key[k];                                           \
                Py_ssize_t m = 0;                                                         \
                while (m < len && (Py_UCS4)s[i + m] == key[m]) m++;                       \
                if (m == len) return 1;                                                   \
            }                                                                             \
        }                                                                                 \
        return 0;                                                                         \
    }

static int holds_any(const KeyTable *t, PyObject *text) {
    if (t->always) return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: SCAN(Py_UCS1)
    case PyUnicode_2BYTE_KIND: SCAN(Py_UCS2)
    default: SCAN(Py_UCS4)
    }
}

static PyObject *py_any_in(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "any_in(table, text) takes two arguments");
        return NULL;
    }
    KeyTable *t = (KeyTable *)PyCapsule_GetPointer(args[0], "newssift.keytable");
    if (!t) return NULL;
    if (!PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "any_in() text must be str");
        return NULL;
    }
    if (PyUnicode_READY(args[1]) < 0) return NULL;
    return PyBool_FromLong(holds_any(t, args[1]));
}

static inline int word_char(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

static PyObject *py_stem_counts(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "stem_counts(text: str, stop: set, min_len, prefix)");
        return NULL;
    }
    PyObject *text = args[0], *stop = args[1];
    Py_ssize_t min_len = PyLong_AsSsize_t(args[2]);
    Py_ssize_t prefix = PyLong_AsSsize_t(args[3]);
    if ((min_len == -1 || prefix == -1) && PyErr_Occurred()) return NULL;
    if (min_len < 1 || prefix < 1) {
        PyErr_SetString(PyExc_ValueError, "min_len and prefix must be positive");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    /* a word longer than every stop word is not one: no look-up. The bound of a frozenset
     * (the one topic.STOP, called for every line the features ask about) is kept with a
     * reference to it: it cannot change */
    static PyObject *bound_of = NULL;
    static Py_ssize_t bound = 0;
    Py_ssize_t stop_max = 0;
    if (stop == bound_of) {
        stop_max = bound;
    } else {
        PyObject *it = PyObject_GetIter(stop), *key;
        if (!it) return NULL;
        while ((key = PyIter_Next(it))) {
            /* a key of another type is never equal to a word: it sets no bound */
            if (PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) > stop_max)
                stop_max = PyUnicode_GET_LENGTH(key);
            Py_DECREF(key);
        }
        Py_DECREF(it);
        if (PyErr_Occurred()) return NULL;
        if (PyFrozenSet_CheckExact(stop)) {
            Py_INCREF(stop);
            Py_XSETREF(bound_of, stop);
            bound = stop_max;
        }
    }
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!word_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t a = i;
        while (i < n && word_char(PyUnicode_READ(kind, data, i))) i++;
        if (i - a < min_len) continue;
        PyObject *stem = NULL;
        if (i - a <= stop_max) {
            PyObject *word = PyUnicode_Substring(text, a, i);
            if (!word) goto fail;
            int in_stop = PySet_Contains(stop, word);
            if (in_stop != 0 || i - a > prefix) {
                Py_DECREF(word);
                if (in_stop < 0) goto fail;
                if (in_stop) continue;
            } else {
                stem = word; /* the word is its own stem */
            }
        }
        if (!stem)
            stem = PyUnicode_Substring(text, a, (i - a > prefix) ? a + prefix : i);
        if (!stem) goto fail;
        PyObject *old = PyDict_GetItemWithError(out, stem);
        long c = 1;
        if (old) {
            c = PyLong_AsLong(old) + 1;
        } else if (PyErr_Occurred()) {
            Py_DECREF(stem);
            goto fail;
        }
        PyObject *val = PyLong_FromLong(c);
        if (!val || PyDict_SetItem(out, stem, val) < 0) {
            Py_XDECREF(val);
            Py_DECREF(stem);
            goto fail;
        }
        Py_DECREF(val);
        Py_DECREF(stem);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}


/* ---- 3. the line model's hashed features ------------------------------------------- */

#define P32_1 0x9E3779B1U
#define P32_2 0x85EBCA77U
#define P32_3 0xC2B2AE3DU
#define P32_4 0x27D4EB2FU
#define P32_5 0x165667B1U

static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static inline uint32_t read32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* xxh32 of len bytes, seed 0 (the xxHash specification) */
static uint32_t xxh32(const unsigned char *p, size_t len) {
    const unsigned char *end = p + len;
    uint32_t h;
    if (len >= 16) {
        uint32_t v1 = P32_1 + P32_2, v2 = P32_2, v3 = 0, v4 = 0U - P32_1;
        const unsigned char *limit = end - 16;
        do {
            v1 = rotl32(v1 + read32(p) * P32_2, 13) * P32_1; p += 4;
            v2 = rotl32(v2 + read32(p) * P32_2, 13) * P32_1; p += 4;
            v3 = rotl32(v3 + read32(p) * P32_2, 13) * P32_1; p += 4;
            v4 = rotl32(v4 + read32(p) * P32_2, 13) * P32_1; p += 4;
        } while (p <= limit);
        h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
    } else {
        h = P32_5;
    }
    h += (uint32_t)len;
    while (p + 4 <= end) {
        h = rotl32(h + read32(p) * P32_3, 17) * P32_4;
        p += 4;
    }
    while (p < end) {
        h = rotl32(h + (*p) * P32_5, 11) * P32_1;
        p++;
    }
    h ^= h >> 15; h *= P32_2; h ^= h >> 13; h *= P32_3; h ^= h >> 16;
    return h;
}

static inline int tok_word(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

/* UTF-8 of data[a..b) into buf (4 bytes a code point); -1 for a surrogate */
static Py_ssize_t utf8_of(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, unsigned char *buf) {
    Py_ssize_t k = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) buf[k++] = (unsigned char)c;
        else if (c < 0x800) { buf[k++] = 0xC0 | (c >> 6); buf[k++] = 0x80 | (c & 0x3F); }
        else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF) return -1;
            buf[k++] = 0xE0 | (c >> 12); buf[k++] = 0x80 | ((c >> 6) & 0x3F); buf[k++] = 0x80 | (c & 0x3F);
        } else {
            buf[k++] = 0xF0 | (c >> 18); buf[k++] = 0x80 | ((c >> 12) & 0x3F);
            buf[k++] = 0x80 | ((c >> 6) & 0x3F); buf[k++] = 0x80 | (c & 0x3F);
        }
    }
    return k;
}

typedef struct { int64_t *v; Py_ssize_t n, cap; } I64s;

static int i64_push(I64s *a, int64_t x) {
    if (a->n == a->cap) {
        Py_ssize_t cap = a->cap ? a->cap * 2 : 1024;
        int64_t *v = (int64_t *)realloc(a->v, (size_t)cap * sizeof(int64_t));
        if (!v) return -1;
        a->v = v; a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

static inline int64_t pymod(int64_t a, int64_t m) { int64_t r = a % m; return r < 0 ? r + m : r; }

static PyObject *py_line_keys(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "line_keys(lines: list[str], n_hash: int)");
        return NULL;
    }
    int64_t nh = PyLong_AsLongLong(args[1]);
    if (nh == -1 && PyErr_Occurred()) return NULL;
    if (nh <= 0 || nh > ((int64_t)1 << 40)) {
        PyErr_SetString(PyExc_ValueError, "n_hash out of range");
        return NULL;
    }
    PyObject *lines = args[0];
    Py_ssize_t n = PyList_GET_SIZE(lines);
    I64s keys = {NULL, 0, 0};
    unsigned char *buf = NULL;
    Py_ssize_t bufcap = 0;
    PyObject *out = NULL;
    int surrogate = 0;
    for (Py_ssize_t li = 0; li < n && !surrogate; li++) {
        PyObject *line = PyList_GET_ITEM(lines, li);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "line_keys: a line must be str");
            goto done;
        }
        if (PyUnicode_READY(line) < 0) goto done;
        int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        Py_ssize_t len = PyUnicode_GET_LENGTH(line);
        if (len * 4 > bufcap) {
            unsigned char *b = (unsigned char *)realloc(buf, (size_t)(len * 4 + 16));
            if (!b) { PyErr_NoMemory(); goto done; }
            buf = b; bufcap = len * 4 + 16;
        }
        int64_t own = (int64_t)li * nh, prev = 0, first = 0, ntok = 0;
        Py_ssize_t i = 0;
        while (i < len) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            Py_ssize_t j = i + 1;
            if (tok_word(c)) {
                while (j < len && tok_word(PyUnicode_READ(kind, data, j))) j++;
            } else if (Py_UNICODE_ISSPACE(c)) {
                i = j;
                continue;
            }
            Py_ssize_t k = utf8_of(kind, data, i, j, buf);
            if (k < 0) { surrogate = 1; break; }
            int64_t th = (int64_t)xxh32(buf, (size_t)k);
            if (i64_push(&keys, own + pymod(th * 3 + 1, nh)) < 0) goto nomem;
            if (ntok) {
                if (i64_push(&keys, own + pymod((prev * 1000003) ^ (th * 7919 + 17), nh)) < 0) goto nomem;
            } else {
                first = th;
            }
            prev = th;
            ntok++;
            i = j;
        }
        if (surrogate) break;
        if (ntok) {
            if (i64_push(&keys, own + pymod(first * 5 + 2, nh)) < 0) goto nomem;
            if (i64_push(&keys, own + pymod(prev * 7 + 3, nh)) < 0) goto nomem;
        }
        int64_t capped = ntok < 40 ? ntok : 40;
        if (i64_push(&keys, own + pymod(capped / 4 * 2654435761LL + 99, nh)) < 0) goto nomem;
    }
    if (surrogate) {
        out = Py_None;
        Py_INCREF(out);
    } else {
        out = PyBytes_FromStringAndSize((const char *)keys.v, keys.n * (Py_ssize_t)sizeof(int64_t));
    }
    goto done;
nomem:
    PyErr_NoMemory();
done:
    free(keys.v);
    free(buf);
    return out;
}

static PyMethodDef methods[] = {
    {"table", py_table, METH_O, "table(keys: tuple[str, ...]) -> a keyword table"},
    {"any_in", (PyCFunction)(void (*)(void))py_any_in, METH_FASTCALL,
     "any_in(table, text) -> whether text holds any keyword of the table"},
    {"stem_counts", (PyCFunction)(void (*)(void))py_stem_counts, METH_FASTCALL,
     "stem_counts(text, stop, min_len, prefix) -> {stem: count} (see the module doc)"},
    {"line_keys", (PyCFunction)(void (*)(void))py_line_keys, METH_FASTCALL,
     "line_keys(lines, n_hash) -> int64 keys of features.hashed_doc as bytes (see the module doc)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native",
                                    "Compiled helpers of the cleaner (see the file's head).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
