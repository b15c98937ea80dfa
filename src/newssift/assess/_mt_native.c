/* Compiled inner loops of the MT document model (newssift.assess.mt_model.DocModel).
 *
 * The Python/numpy path of mt_model is the reference; tests/assess/test_mt_native.py checks
 * that these functions give the same tokens and the same term rows, counts, idf, weights and
 * families, in the same order, on example, random mixed-script, empty, one-word and very
 * long texts. The weighing (weigh below) repeats DocModel._weigh_parts's operations in the
 * same order with numpy's own logarithms and no fused multiply-add, so the scores are the same
 * bit for bit (tests/assess/test_mt_twins.py compares whole scores of both paths).
 *
 * latin_words(head), words_below(text, limit): what mt_model.assessable reads (the Latin-script
 *     share of the word tokens, the word count up to MIN_WORDS); twins _latin_words_py and
 *     _words_below_py, held equal by tests/assess/test_mt_twins.py.
 * char_text(low): mt_features.char_bytes of a text already lower-cased (see below).
 * token_codes(flat, cache): the tokens of mt_features._TOKEN
 *     (\w+(?:['\u2019]\w+)?|[^\w\s], a str pattern) with each token's packed vocabulary code
 *     from ``cache`` (raw token -> int). Python's re calls a character a word character when
 *     Py_UNICODE_ISALNUM or '_', white space when Py_UNICODE_ISSPACE: the same macros here.
 *     Returns (bytearray of int64 codes, 0 where the token is not in the cache,
 *     list of (position, token) of those not in the cache).
 * Counter(...).token_codes(flat, cache): token_codes with a memo in C of the tokens the cache
 *     gave a code before (test_mt_twins.py holds it equal to token_codes).
 * Counter(...).count(codes, chars): every n-gram of the token families (ids unpacked from
 *     ``codes``) and of the bytes ``chars`` as its lookup key (mt_model.KEY_SHIFT layout),
 *     looked up in the model's open-addressing table (mt_model.CodeTable, whose values are
 *     the ranks of the keys in key order) or, for a family and n with few possible values
 *     (character 2-grams, word 1-grams, skeleton 1-2-grams), in a dense array of ranks built
 *     from that table at construction. Each rank found is counted in a per-rank array and
 *     marked in a bitmap; reading the bitmap back lists the terms in key order without a
 *     sort. Returns one bytes object of five int64/float64 columns of the k terms found:
 *     rows, counts, idf, weights, families.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define MUL 0x9E3779B97F4A7C15ULL /* mt_model.CodeTable._MUL */
#define MAX_FAMS 8
#define MAX_N 8

/* ASCII word characters: [0-9A-Za-z_]. */
static const unsigned char ascii_word[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};
#define IS_WORD(ch) ((ch) < 128 ? ascii_word[(ch)] : Py_UNICODE_ISALNUM(ch))
#define IS_SPACE(ch) Py_UNICODE_ISSPACE(ch)

/* Where the token starting at ``i`` ends: a run of word characters (with one inner ' or
 * U+2019 followed by more of them), or any other single character; ``i`` itself at a space,
 * which starts no token. The tokenising of mt_features.tokens, shared by both token_codes. */
static inline __attribute__((always_inline)) Py_ssize_t
token_end(const int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_UCS4 ch = PyUnicode_READ(kind, data, i);
    if (!IS_WORD(ch))
        return IS_SPACE(ch) ? i : i + 1;
    i++;
    while (i < n && IS_WORD(PyUnicode_READ(kind, data, i)))
        i++;
    if (i + 1 < n) {
        Py_UCS4 q = PyUnicode_READ(kind, data, i);
        if ((q == '\'' || q == 0x2019) && IS_WORD(PyUnicode_READ(kind, data, i + 1))) {
            i += 2;
            while (i < n && IS_WORD(PyUnicode_READ(kind, data, i)))
                i++;
        }
    }
    return i;
}

/* A token the code table has not seen: (its position, the token) appended to ``misses``,
 * for the Python side to code. 0, or -1 with an exception set; ``tok`` stays the caller's. */
static int
note_miss(PyObject *misses, Py_ssize_t pos_i, PyObject *tok)
{
    PyObject *pos = PyLong_FromSsize_t(pos_i);
    PyObject *pair = pos ? PyTuple_New(2) : NULL;
    if (!pair) {
        Py_XDECREF(pos);
        return -1;
    }
    Py_INCREF(tok);
    PyTuple_SET_ITEM(pair, 0, pos);
    PyTuple_SET_ITEM(pair, 1, tok);
    int rc = PyList_Append(misses, pair);
    Py_DECREF(pair);
    return rc;
}

/* The code of ``tok`` in ``cache`` (both token_codes): 1 with ``*code`` set when the cache
 * holds it; 0 with ``*code`` 0 when it does not (the miss noted at ``pos_i``); -1 with an
 * exception set. ``tok`` stays the caller's. */
static int
cached_code(PyObject *cache, PyObject *tok, PyObject *misses, Py_ssize_t pos_i, int64_t *code)
{
    PyObject *v = PyDict_GetItemWithError(cache, tok); /* borrowed */
    if (v) {
        long long c = PyLong_AsLongLong(v);
        if (c == -1 && PyErr_Occurred())
            return -1;
        *code = (int64_t)c;
        return 1;
    }
    if (PyErr_Occurred())
        return -1;
    *code = 0;
    return note_miss(misses, pos_i, tok) < 0 ? -1 : 0;
}

/* The result of both token_codes: the codes cut to ``ntok`` int64s and the misses, as a
 * pair; takes the caller's references to both (released on success and on failure). */
static PyObject *
codes_and_misses(PyObject *codes, PyObject *misses, Py_ssize_t ntok)
{
    PyObject *res = NULL;
    if (PyByteArray_Resize(codes, (Py_ssize_t)(8 * ntok)) == 0)
        res = PyTuple_Pack(2, codes, misses);
    Py_DECREF(codes);
    Py_DECREF(misses);
    return res;
}

typedef struct {
    int fam;         /* token family position (packing order), or -1: characters */
    int n;           /* n-gram length */
    uint64_t off;    /* key of value 0 */
    uint64_t space;  /* values are below this */
    int32_t *dense;  /* rank of every value (-1: absent), or NULL: look up in the table */
} Group;

#define MAX_GROUPS (MAX_FAMS * MAX_N + MAX_N)
/* families and n with at most this many possible values get a dense array of ranks */
#define DENSE_MAX ((uint64_t)1 << 17)
#define AHEAD 12 /* table slots prefetched this many keys ahead */
#define FILL_AHEAD 16 /* the same while the dense arrays are filled */

/* what the model knows of a term, by rank (one cache line holds four) */
typedef struct {
    int32_t row;
    float idf, weight;
    int32_t family;
} Term;

/* one token of the memo (key 0: an empty entry) */
struct MemoEntry {
    uint64_t hash;
    uint32_t off, len;
    int64_t code;
};
#define MEMO_SLOTS ((size_t)1 << 18) /* entries: at most half of them used */
#define MEMO_CHARS ((size_t)1 << 21) /* characters of all tokens held */
#define MEMO_TOKEN 64                /* longer tokens are not memoised */

typedef struct {
    PyObject_HEAD
    Py_buffer slots_v, terms_v;
    const int64_t *slots;
    const Term *terms;
    uint64_t smask, vmask;
    int bits, vbits;
    long span;
    Py_ssize_t nrank;
    int nf;
    uint64_t base[MAX_FAMS];
    int ngroups;
    Group groups[MAX_GROUPS];
    int rank_bits;     /* bits of the largest rank */
    uint32_t *dcount[MAX_GROUPS]; /* per value of a dense group: its count (zero between calls) */
    uint64_t *hkey;    /* the local count table of a hashed group: value + 1 (0: empty) ... */
    uint32_t *hcount;  /* ... and its count; both zero between calls */
    size_t hcap;       /* their size (a power of two, grown as needed) */
    /* the memo of Counter.token_codes: raw token (its characters in ``memo_chars``) -> code */
    struct MemoEntry *memo;
    Py_UCS4 *memo_chars;
    size_t memo_used, memo_nchars;
} Counter;

static inline Py_ssize_t
table_rank(const Counter *c, uint64_t key)
{
    uint64_t s = (key * MUL) >> (64 - c->bits);
    for (long p = 0; p < c->span; p++) {
        int64_t rec = c->slots[(s + (uint64_t)p) & c->smask];
        if (rec == -1)
            return -1;
        if (((uint64_t)rec >> c->vbits) == key)
            return (Py_ssize_t)((uint64_t)rec & c->vmask);
    }
    return -1;
}

static void
Counter_dealloc(Counter *self)
{
    for (int g = 0; g < self->ngroups; g++)
        PyMem_Free(self->groups[g].dense);
    for (int g = 0; g < self->ngroups; g++)
        PyMem_Free(self->dcount[g]);
    PyMem_Free(self->hkey);
    PyMem_Free(self->hcount);
    PyMem_Free(self->memo);
    PyMem_Free(self->memo_chars);
    if (self->slots_v.obj)
        PyBuffer_Release(&self->slots_v);
    if (self->terms_v.obj)
        PyBuffer_Release(&self->terms_v);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* char_text(low): what mt_features.char_bytes reads, from the lower-cased text ``low``:
 * runs of white space (str.split's, Py_UNICODE_ISSPACE) made one space, one space at both
 * ends, as UTF-8 bytes (a lone surrogate as its three bytes: errors="surrogatepass", as
 * mt_features.char_bytes). An ASCII text is lower-cased here (idempotent on a lower-cased
 * one), so the caller need not lower-case it first. */
static PyObject *
char_text(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "char_text expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    if (PyUnicode_IS_ASCII(arg)) {
        const unsigned char *src = (const unsigned char *)data;
        PyObject *out = PyBytes_FromStringAndSize(NULL, n + 2);
        if (!out)
            return NULL;
        char *dst = PyBytes_AS_STRING(out);
        Py_ssize_t k = 0;
        dst[k++] = ' ';
        int gap = 1; /* the last byte written is a space */
        for (Py_ssize_t i = 0; i < n; i++) {
            unsigned char c = src[i];
            if (Py_UNICODE_ISSPACE(c)) {
                if (!gap)
                    dst[k++] = ' ', gap = 1;
            } else {
                dst[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c), gap = 0;
            }
        }
        if (!gap || k == 1)
            dst[k++] = ' ';
        if (_PyBytes_Resize(&out, k) < 0)
            return NULL;
        return out;
    }
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 2));
    if (!buf)
        return PyErr_NoMemory();
    Py_ssize_t k = 0;
    buf[k++] = ' ';
    int gap = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {
            if (!gap)
                buf[k++] = ' ', gap = 1;
        } else {
            buf[k++] = c, gap = 0;
        }
    }
    if (!gap || k == 1)
        buf[k++] = ' ';
    PyObject *str = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k);
    PyMem_Free(buf);
    if (!str)
        return NULL;
    PyObject *out = PyUnicode_AsEncodedString(str, "utf-8", "surrogatepass");
    Py_DECREF(str);
    return out;
}

/* latin_words(head): what mt_model.assessable reads of ``head`` in one pass:
 * (every character below U+0250, some character alphanumeric, word tokens, Latin word
 * tokens). Tokens as in token_codes; a word token is one whose first character is
 * alphanumeric (str.isalnum: a \w character other than '_'), and a Latin one has every
 * character (its apostrophe too) below U+0250. The Python twin is
 * mt_model._latin_words_py (tests/assess/test_mt_twins.py holds them equal). */
/* latin_words's pass over one kind of string (T: its code unit; the kind switch of
 * PyUnicode_READ out of the loop) */
#define LATIN_WORDS_KIND(T)                                                                \
    do {                                                                                   \
        const T *src = (const T *)data;                                                    \
        while (i < n) {                                                                    \
            Py_UCS4 ch = src[i];                                                           \
            if (IS_WORD(ch)) {                                                             \
                int word = ch != '_', latin = ch < 0x250;                                  \
                Py_ssize_t start = i++;                                                    \
                while (i < n && IS_WORD(src[i]))                                           \
                    i++;                                                                   \
                if (i + 1 < n && (src[i] == '\'' || src[i] == 0x2019) && IS_WORD(src[i + 1])) { \
                    i += 2; /* \w+(?:['\u2019]\w+)? */                                    \
                    while (i < n && IS_WORD(src[i]))                                       \
                        i++;                                                               \
                }                                                                          \
                for (Py_ssize_t j = start + 1; j < i; j++) {                               \
                    Py_UCS4 c = src[j];                                                    \
                    latin &= c < 0x250;                                                    \
                    has_alnum |= c != '_' && c != '\'' && c != 0x2019;                     \
                }                                                                          \
                has_alnum |= word;                                                         \
                all_latin &= latin;                                                        \
                if (word) {                                                                \
                    nw++;                                                                  \
                    nl += latin;                                                           \
                }                                                                          \
            } else {                                                                       \
                all_latin &= ch < 0x250;                                                   \
                i++;                                                                       \
            }                                                                              \
        }                                                                                  \
    } while (0)

static PyObject *
latin_words(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "latin_words expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), nw = 0, nl = 0, i = 0;
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    int all_latin = 1, has_alnum = 0;
    if (kind == PyUnicode_1BYTE_KIND)
        LATIN_WORDS_KIND(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        LATIN_WORDS_KIND(Py_UCS2);
    else
        LATIN_WORDS_KIND(Py_UCS4);
    return Py_BuildValue("(OOnn)", all_latin ? Py_True : Py_False,
                         has_alnum ? Py_True : Py_False, nw, nl);
}

/* words_below(text, limit): the number of white-space separated words of ``text``
 * (str.split()'s, Py_UNICODE_ISSPACE), counted up to ``limit`` (mt_model.assessable reads
 * only whether there are MIN_WORDS; str.split(None, limit) copied the rest of the text). */
static PyObject *
words_below(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "words_below(text: str, limit: int)");
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if (limit == -1 && PyErr_Occurred())
        return NULL;
    PyObject *text = args[0];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), words = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int gap = 1;
    for (Py_ssize_t i = 0; i < n && words < limit; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {
            gap = 1;
        } else if (gap) {
            gap = 0;
            words++;
        }
    }
    return PyLong_FromSsize_t(words);
}

static int
get_view(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len % itemsize) {
        PyErr_Format(PyExc_ValueError, "Counter: %s is not an array of %zd-byte items", name,
                     itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Counter(slots int64, vbits, span, terms (row int32, idf float32, weight float32,
 *         family int32 per rank), tok_fams ((key offset, base, longest n), ...), chars_top
 *         (-1: no character family), char_ns (n, ...)) */
static int
Counter_init(Counter *self, PyObject *args, PyObject *kwds)
{
    PyObject *slots, *terms, *fams, *ns;
    int vbits;
    long span;
    long long chars_top;
    if (self->slots) {
        PyErr_SetString(PyExc_TypeError, "Counter: already initialised");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "OilOO!LO!", &slots, &vbits, &span, &terms, &PyTuple_Type,
                          &fams, &chars_top, &PyTuple_Type, &ns))
        return -1;
    if (vbits < 1 || vbits > 62 || span < 1 || PyTuple_GET_SIZE(fams) > MAX_FAMS ||
        PyTuple_GET_SIZE(ns) > MAX_N) {
        PyErr_SetString(PyExc_ValueError, "Counter: bad parameters");
        return -1;
    }
    if (get_view(slots, &self->slots_v, 8, "slots") < 0 ||
        get_view(terms, &self->terms_v, sizeof(Term), "terms") < 0)
        return -1;
    Py_ssize_t nslots = self->slots_v.len / 8;
    self->nrank = self->terms_v.len / (Py_ssize_t)sizeof(Term);
    if (nslots < 2 || (nslots & (nslots - 1))) {
        PyErr_SetString(PyExc_ValueError, "Counter: the table's size is not a power of two");
        return -1;
    }
    self->slots = (const int64_t *)self->slots_v.buf;
    self->terms = (const Term *)self->terms_v.buf;
    self->bits = 0;
    while (((Py_ssize_t)1 << self->bits) < nslots)
        self->bits++;
    self->smask = (uint64_t)nslots - 1;
    self->vbits = vbits;
    self->vmask = ((uint64_t)1 << vbits) - 1;
    self->span = span;
    self->nf = (int)PyTuple_GET_SIZE(fams);
    self->ngroups = 0;
    for (int f = 0; f < self->nf; f++) {
        long long top, b;
        int maxn;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(fams, f), "LLi", &top, &b, &maxn))
            return -1;
        if (top < 0 || b < 2 || maxn < 1 || maxn > MAX_N) {
            PyErr_SetString(PyExc_ValueError, "Counter: bad token family");
            return -1;
        }
        self->base[f] = (uint64_t)b;
        uint64_t pw = 1;
        for (int n = 1; n <= maxn; n++) {
            if (pw > ((uint64_t)1 << 40) / (uint64_t)b) {
                PyErr_SetString(PyExc_ValueError, "Counter: n-gram values beyond 40 bits");
                return -1;
            }
            pw *= (uint64_t)b;
            Group *g = &self->groups[self->ngroups++];
            g->fam = f, g->n = n, g->space = pw, g->off = (uint64_t)top + (uint64_t)n * pw;
        }
    }
    if (chars_top >= 0) {
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(ns); k++) {
            long n = PyLong_AsLong(PyTuple_GET_ITEM(ns, k));
            if (n < 1 || n > 4) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "Counter: character n from 1 to 4");
                return -1;
            }
            Group *g = &self->groups[self->ngroups++];
            g->fam = -1, g->n = (int)n, g->space = (uint64_t)1 << (8 * n);
            g->off = (uint64_t)chars_top + (uint64_t)n * g->space;
        }
    }
    for (int k = 0; k < self->ngroups; k++) {
        Group *g = &self->groups[k];
        g->dense = NULL;
        if (g->space > DENSE_MAX)
            continue;
        g->dense = PyMem_Malloc(sizeof(int32_t) * g->space);
        if (!g->dense) {
            PyErr_NoMemory();
            return -1;
        }
        /* the table's slots are read far apart: fetch them FILL_AHEAD values ahead */
        for (uint64_t v = 0; v < g->space && v < FILL_AHEAD; v++)
            __builtin_prefetch(self->slots + (((g->off + v) * MUL) >> (64 - self->bits)));
        for (uint64_t v = 0; v < g->space; v++) {
            if (v + FILL_AHEAD < g->space)
                __builtin_prefetch(self->slots +
                                   (((g->off + v + FILL_AHEAD) * MUL) >> (64 - self->bits)));
            Py_ssize_t r = table_rank(self, g->off + v);
            if (r >= self->nrank) {
                PyErr_SetString(PyExc_ValueError, "Counter: a rank outside the table");
                return -1;
            }
            g->dense[v] = (int32_t)r;
        }
    }
    for (int k = 0; k < self->ngroups; k++) {
        Group *g = &self->groups[k];
        if (g->dense && !(self->dcount[k] = PyMem_Calloc((size_t)g->space, sizeof(uint32_t)))) {
            PyErr_NoMemory();
            return -1;
        }
    }
    self->rank_bits = 1;
    while (self->rank_bits < 62 && ((Py_ssize_t)1 << self->rank_bits) < self->nrank)
        self->rank_bits++;
    for (Py_ssize_t r = 0; r < self->nrank; r++)
        if (self->terms[r].family < 0 || self->terms[r].family >= 128) {
            PyErr_SetString(PyExc_ValueError, "Counter: a family outside 0..127");
            return -1;
        }
    /* every rank the table holds must index the terms */
    for (Py_ssize_t i = 0; i < nslots; i++) {
        int64_t rec = self->slots[i];
        if (rec != -1 && (rec < 0 || (Py_ssize_t)((uint64_t)rec & self->vmask) >= self->nrank)) {
            PyErr_SetString(PyExc_ValueError, "Counter: a rank outside the terms");
            return -1;
        }
    }
    return 0;
}

/* (rank << 32 | count) pairs sorted by rank, 11 bits of the rank per pass; returns the
 * array that holds the result (a or tmp) */
static uint64_t *
sort_pairs(uint64_t *a, uint64_t *tmp, size_t n, int rank_bits)
{
    size_t hist[2048];
    for (int shift = 32; shift < 32 + rank_bits; shift += 11) {
        memset(hist, 0, sizeof(hist));
        for (size_t i = 0; i < n; i++)
            hist[(a[i] >> shift) & 2047]++;
        size_t sum = 0;
        for (int d = 0; d < 2048; d++) {
            size_t c = hist[d];
            hist[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[hist[(a[i] >> shift) & 2047]++] = a[i];
        uint64_t *t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

/* Each term's share of the linear score, the arithmetic of DocModel._weigh_parts in the
 * same order: x = (1 + log(tf)) * idf; per family the sum of x * x in term order (as
 * np.bincount adds its weights), its square root (1 where 0); share = x * weight / norm.
 * log(tf) is read from ``logs`` (np.log of 1..len, so numpy's own values); a count beyond it
 * gives None. Every operation is one IEEE double operation (built with -ffp-contract=off:
 * no fused multiply-add), so the shares equal numpy's bit for bit. Returns bytes: rows
 * (int64) then shares (float64). */
static PyObject *
weigh(const Counter *self, const uint64_t *sorted, size_t n, const double *logs, size_t nlog)
{
    for (size_t k = 0; k < n; k++)
        if ((uint32_t)sorted[k] > nlog)
            Py_RETURN_NONE;
    PyObject *res = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(16 * n));
    if (!res)
        return NULL;
    int64_t *rows = (int64_t *)PyBytes_AS_STRING(res);
    double *share = (double *)(rows + n);
    double acc[128] = {0}, norm[128];
    for (size_t k = 0; k < n; k++) {
        if (k + AHEAD < n)
            __builtin_prefetch(self->terms + (sorted[k + AHEAD] >> 32));
        const Term *term = self->terms + (sorted[k] >> 32);
        double x = (1.0 + logs[(uint32_t)sorted[k] - 1]) * (double)term->idf;
        double sq = x * x;
        acc[term->family] += sq;
        rows[k] = term->row;
        share[k] = x;
    }
    for (int f = 0; f < 128; f++) {
        norm[f] = sqrt(acc[f]);
        if (norm[f] == 0.0)
            norm[f] = 1.0;
    }
    for (size_t k = 0; k < n; k++) {
        const Term *term = self->terms + (sorted[k] >> 32);
        double xw = share[k] * (double)term->weight;
        share[k] = xw / norm[term->family];
    }
    return res;
}

static PyObject *
Counter_count(Counter *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!self->slots) {
        PyErr_SetString(PyExc_TypeError, "Counter: not initialised");
        return NULL;
    }
    if (nargs != 2 && nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "count(codes, chars[, logs])");
        return NULL;
    }
    Py_buffer cv = {0}, bv = {0}, lv = {0};
    uint64_t *ids = NULL, *vals = NULL, *pairs = NULL, *tmp = NULL;
    PyObject *res = NULL;
    if (get_view(args[0], &cv, 8, "codes") < 0)
        return NULL;
    if (get_view(args[1], &bv, 1, "chars") < 0) {
        PyBuffer_Release(&cv);
        return NULL;
    }
    if (nargs == 3 && args[2] != Py_None && get_view(args[2], &lv, 8, "logs") < 0) {
        PyBuffer_Release(&cv);
        PyBuffer_Release(&bv);
        return NULL;
    }
    const Py_ssize_t ntok = cv.len / 8, nb = bv.len;
    const int64_t *codes = (const int64_t *)cv.buf;
    const unsigned char *b = (const unsigned char *)bv.buf;
    const int nf = self->nf;
    const size_t longest = (size_t)(ntok > nb ? ntok : nb);
    size_t total = 0; /* n-grams of all groups: the most pairs there can be */
    for (int k = 0; k < self->ngroups; k++)
        total += self->groups[k].fam >= 0 ? (size_t)ntok : (size_t)nb;

    ids = PyMem_Malloc(sizeof(uint64_t) * ((size_t)ntok * (size_t)(nf ? nf : 1) + 1));
    vals = PyMem_Malloc(sizeof(uint64_t) * (longest + 1));
    pairs = PyMem_Malloc(sizeof(uint64_t) * (total + 1));
    tmp = PyMem_Malloc(sizeof(uint64_t) * (total + 1));
    if (!ids || !vals || !pairs || !tmp) {
        PyErr_NoMemory();
        goto done;
    }
    if (2 * longest > self->hcap) { /* grow the local count table (zero-filled) */
        size_t cap = 64;
        while (cap < 2 * longest)
            cap <<= 1;
        uint64_t *hk = PyMem_Calloc(cap, sizeof(uint64_t));
        uint32_t *hc = PyMem_Calloc(cap, sizeof(uint32_t));
        if (!hk || !hc) {
            PyMem_Free(hk);
            PyMem_Free(hc);
            PyErr_NoMemory();
            goto done;
        }
        PyMem_Free(self->hkey);
        PyMem_Free(self->hcount);
        self->hkey = hk, self->hcount = hc, self->hcap = cap;
    }
    for (Py_ssize_t t = 0; t < ntok; t++) {
        if (codes[t] < 0) {
            PyErr_SetString(PyExc_ValueError, "count: negative token code");
            goto done;
        }
        uint64_t rest = (uint64_t)codes[t];
        for (int f = nf - 1; f >= 0; f--) {
            uint64_t q = rest / self->base[f];
            ids[(size_t)f * ntok + t] = rest - q * self->base[f];
            rest = q;
        }
    }
    size_t np_ = 0;
    for (int k = 0; k < self->ngroups; k++) {
        const Group *g = &self->groups[k];
        /* the n-gram values of the group, in text order (unknown-token n-grams left out) */
        size_t m = 0;
        if (g->fam >= 0) {
            const uint64_t *id = ids + (size_t)g->fam * ntok, bs = self->base[g->fam];
            const int n = g->n;
            for (Py_ssize_t t = 0; t + n <= ntok; t++) {
                uint64_t v = 0;
                int j = 0;
                for (; j < n && id[t + j]; j++)
                    v = v * bs + id[t + j];
                if (j == n)
                    vals[m++] = v;
            }
        } else {
            const uint64_t vm = g->space - 1;
            uint64_t v = 0;
            for (Py_ssize_t t = 0; t < nb; t++) {
                v = ((v << 8) | b[t]) & vm;
                if (t + 1 >= g->n)
                    vals[m++] = v;
            }
        }
        /* count each distinct value (the list of distinct ones overwrites vals in place:
         * entry j is written after entry i >= j was read), then find its rank */
        size_t nd = 0;
        if (g->dense) {
            uint32_t *dc = self->dcount[k];
            for (size_t i = 0; i < m; i++) {
                uint64_t v = vals[i];
                if (dc[v]++ == 0)
                    vals[nd++] = v;
            }
            for (size_t j = 0; j < nd; j++) {
                uint64_t v = vals[j];
                int32_t r = g->dense[v];
                if (r >= 0)
                    pairs[np_++] = ((uint64_t)r << 32) | dc[v];
                dc[v] = 0;
            }
            continue;
        }
        size_t lc = 64;
        while (lc < 2 * m)
            lc <<= 1;
        int lbits = 0;
        while (((size_t)1 << lbits) < lc)
            lbits++;
        uint64_t *hk = self->hkey;
        uint32_t *hc = self->hcount;
        for (size_t i = 0; i < m; i++) {
            uint64_t v1 = vals[i] + 1;
            size_t h = (size_t)((v1 * MUL) >> (64 - lbits));
            while (hk[h] && hk[h] != v1)
                h = (h + 1) & (lc - 1);
            if (!hk[h]) {
                hk[h] = v1;
                vals[nd++] = h;
            }
            hc[h]++;
        }
        const int bits = self->bits;
        for (size_t j = 0; j < nd && j < AHEAD; j++)
            __builtin_prefetch(self->slots + (((g->off + hk[vals[j]] - 1) * MUL) >> (64 - bits)));
        for (size_t j = 0; j < nd; j++) {
            if (j + AHEAD < nd)
                __builtin_prefetch(self->slots +
                                   (((g->off + hk[vals[j + AHEAD]] - 1) * MUL) >> (64 - bits)));
            size_t h = vals[j];
            Py_ssize_t r = table_rank(self, g->off + hk[h] - 1);
            if (r >= 0)
                pairs[np_++] = ((uint64_t)r << 32) | hc[h];
            hk[h] = 0;
            hc[h] = 0;
        }
    }
    /* the terms found in rank (= key) order */
    uint64_t *sorted = sort_pairs(pairs, tmp, np_, self->rank_bits);
    if (lv.obj) {
        res = weigh(self, sorted, np_, (const double *)lv.buf, (size_t)(lv.len / 8));
        goto done;
    }
    res = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(40 * np_));
    if (res) {
        int64_t *rows = (int64_t *)PyBytes_AS_STRING(res), *fams = rows + 4 * np_;
        double *tf = (double *)(rows + np_), *idf = tf + np_, *w = idf + np_;
        for (size_t k = 0; k < np_; k++) {
            if (k + AHEAD < np_)
                __builtin_prefetch(self->terms + (sorted[k + AHEAD] >> 32));
            const Term *term = self->terms + (sorted[k] >> 32);
            rows[k] = term->row;
            tf[k] = (double)(uint32_t)sorted[k];
            idf[k] = (double)term->idf;
            w[k] = (double)term->weight;
            fams[k] = term->family;
        }
    }
done:
    PyMem_Free(ids);
    PyMem_Free(vals);
    PyMem_Free(pairs);
    PyMem_Free(tmp);
    PyBuffer_Release(&cv);
    PyBuffer_Release(&bv);
    if (lv.obj)
        PyBuffer_Release(&lv);
    return res;
}

/* Both token_codes, one loop: the tokens of ``flat`` (token_end) and their codes from
 * ``cache`` (cached_code). With ``memo`` (Counter.token_codes), a memo in C of the tokens
 * whose code ``cache`` gave before goes first (a token's code is a function of the model
 * alone, so the memo never disagrees with the cache): a token found there builds no str,
 * hashes nothing with siphash and looks nothing up in the dict (that was a fifth of the
 * score's cost). ``kind`` and ``memo`` are constants where it is inlined (CODES_BY_KIND): one
 * copy of the loop per string kind, PyUnicode_READ's switch folded away, and none of the
 * memo's steps in the module function's copies. */
static inline __attribute__((always_inline)) PyObject *
codes_of_kind(Counter *self, PyObject *const *args, const int kind, const int memo)
{
    if (memo && !self->memo) {
        self->memo = PyMem_Calloc(MEMO_SLOTS, sizeof(struct MemoEntry));
        self->memo_chars = PyMem_Malloc(MEMO_CHARS * sizeof(Py_UCS4));
        if (!self->memo || !self->memo_chars) {
            PyMem_Free(self->memo);
            PyMem_Free(self->memo_chars);
            self->memo = NULL, self->memo_chars = NULL;
            return PyErr_NoMemory();
        }
    }
    PyObject *text = args[0], *cache = args[1];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *codes = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(8 * (n ? n : 1)));
    PyObject *misses = PyList_New(0);
    if (!codes || !misses)
        goto fail;
    int64_t *out = (int64_t *)PyByteArray_AS_STRING(codes);
    Py_ssize_t ntok = 0, i = 0;
    while (i < n) {
        Py_ssize_t start = i;
        i = token_end(kind, data, n, i);
        if (i == start) { /* a space */
            i++;
            continue;
        }
        Py_ssize_t len = i - start;
        struct MemoEntry *slot = NULL;
        uint64_t h = 0;
        if (memo && len <= MEMO_TOKEN) {
            h = 0xcbf29ce484222325ULL; /* FNV-1a over the code points */
            for (Py_ssize_t j = start; j < i; j++)
                h = (h ^ PyUnicode_READ(kind, data, j)) * 0x100000001b3ULL;
            h |= 1; /* never 0 (an empty entry) */
            size_t s = (size_t)((h * MUL) >> 46) & (MEMO_SLOTS - 1);
            for (;;) {
                struct MemoEntry *e = self->memo + s;
                if (!e->hash) {
                    slot = e;
                    break;
                }
                if (e->hash == h && e->len == (uint32_t)len) {
                    const Py_UCS4 *c = self->memo_chars + e->off;
                    Py_ssize_t j = 0;
                    while (j < len && c[j] == PyUnicode_READ(kind, data, start + j))
                        j++;
                    if (j == len)
                        break;
                }
                s = (s + 1) & (MEMO_SLOTS - 1);
            }
            if (!slot) { /* found */
                out[ntok++] = self->memo[s].code;
                continue;
            }
        }
        PyObject *tok = PyUnicode_Substring(text, start, i);
        if (!tok)
            goto fail;
        int found = cached_code(cache, tok, misses, ntok, &out[ntok]);
        Py_DECREF(tok);
        if (found < 0)
            goto fail;
        if (memo && found && slot) {
            if (2 * (self->memo_used + 1) > MEMO_SLOTS ||
                self->memo_nchars + (size_t)len > MEMO_CHARS) {
                /* full: start again (the slot found is stale now) */
                memset(self->memo, 0, MEMO_SLOTS * sizeof(struct MemoEntry));
                self->memo_used = self->memo_nchars = 0;
                size_t s = (size_t)((h * MUL) >> 46) & (MEMO_SLOTS - 1);
                slot = self->memo + s;
            }
            for (Py_ssize_t j = 0; j < len; j++)
                self->memo_chars[self->memo_nchars + (size_t)j] =
                    PyUnicode_READ(kind, data, start + j);
            slot->hash = h, slot->len = (uint32_t)len, slot->code = out[ntok];
            slot->off = (uint32_t)self->memo_nchars;
            self->memo_nchars += (size_t)len;
            self->memo_used++;
        }
        ntok++;
    }
    return codes_and_misses(codes, misses, ntok);
fail:
    Py_XDECREF(codes);
    Py_XDECREF(misses);
    return NULL;
}


/* The argument check of both token_codes: 1, or 0 with a TypeError. */
static int
token_codes_args(PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "token_codes(flat: str, cache: dict)");
        return 0;
    }
    return 1;
}

#define CODES_BY_KIND(self, args, memo)                                                      \
    do {                                                                                     \
        switch (PyUnicode_KIND((args)[0])) {                                                 \
        case PyUnicode_1BYTE_KIND:                                                           \
            return codes_of_kind((self), (args), PyUnicode_1BYTE_KIND, (memo));              \
        case PyUnicode_2BYTE_KIND:                                                           \
            return codes_of_kind((self), (args), PyUnicode_2BYTE_KIND, (memo));              \
        default:                                                                             \
            return codes_of_kind((self), (args), PyUnicode_4BYTE_KIND, (memo));              \
        }                                                                                    \
    } while (0)

/* token_codes(flat, cache), the module function: no memo. */
static PyObject *
token_codes(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!token_codes_args(args, nargs))
        return NULL;
    CODES_BY_KIND(NULL, args, 0);
}

/* Counter.token_codes(flat, cache): the module's, with the Counter's memo. */
static PyObject *
Counter_token_codes(Counter *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!token_codes_args(args, nargs))
        return NULL;
    CODES_BY_KIND(self, args, 1);
}

static PyMethodDef Counter_methods[] = {
    {"count", (PyCFunction)(void (*)(void))Counter_count, METH_FASTCALL,
     "count(codes, chars[, logs]) -> bytes: rows, counts, idf, weights, families of the "
     "terms found; with logs, rows and shares (None: a count beyond the table of logs)."},
    {"token_codes", (PyCFunction)(void (*)(void))Counter_token_codes, METH_FASTCALL,
     "token_codes(flat, cache): the module's token_codes with a memo in C of known tokens."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "newssift.assess._mt_native.Counter",
    .tp_basicsize = sizeof(Counter),
    .tp_dealloc = (destructor)Counter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The model's lookup tables and the scratch arrays of the n-gram counting.",
    .tp_methods = Counter_methods,
    .tp_init = (initproc)Counter_init,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef methods[] = {
    {"words_below", (PyCFunction)(void (*)(void))words_below, METH_FASTCALL,
     "min(len(text.split()), limit), reading no further than the limit-th word."},
    {"latin_words", latin_words, METH_O,
     "(all below U+0250, any alphanumeric, word tokens, Latin word tokens) of a text."},
    {"char_text", char_text, METH_O, "mt_features.char_bytes of an already lower-cased text."},
    {"token_codes", (PyCFunction)(void (*)(void))token_codes, METH_FASTCALL,
     "(int64 codes as a bytearray, [(position, token) not in the cache]) of a flattened text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_mt_native", "Compiled inner loops of the MT document model.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__mt_native(void)
{
    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
