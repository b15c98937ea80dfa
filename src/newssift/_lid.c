/* fastText's prediction (k=1) for a supervised, quantized model such as lid.176.ftz, read
 * from the model file alone (optional; langid.py falls back to fasttext-predict, the
 * reference, when this module is missing or declines a model or a text).
 *
 *   Model(data: bytes)           parses a .ftz file's bytes (ValueError: not taken)
 *   Model.predict(text: str)     -> (label, prob) | () | None
 *
 * predict(text) gives what fasttext-predict's
 * fasttext.load_model(path).predict(" ".join(text.split()), k=1) gives, bit for bit:
 * (label, prob) where prob is the float32 exp of the best leaf's score (as a Python float),
 * () when fastText predicts nothing, and None when this module leaves the text to the
 * reference (a lone surrogate: the reference's UTF-8 conversion fails on it).
 *
 * Why: fastText's predictLine spends most of its time outside arithmetic: a stringstream,
 * std::string building for every character n-gram, an unordered_map lookup for every n-gram
 * (the pruned bucket -> row map), a vector per word; and every n-gram's rows are read one
 * after another, each a cache miss when the caches are cold (one page per process turn in
 * the extraction bench). Here the line's input rows are all computed first, their memory
 * prefetched, and only then accumulated.
 *
 * What must stay fastText's (each step below names it):
 * - words: the text split on Python's white space (str.split) joined by " ", then read by
 *   fastText's readWord, which splits on ' ' '\n' '\r' '\t' '\v' '\f' '\0'; the reference
 *   appends "\n", which yields the end-of-sentence token "</s>" last. So the tokens are the
 *   runs of characters that are neither Python white space nor NUL, then "</s>"; a token
 *   "</s>" in the text ends the line there (getLine stops at it).
 * - a word's hash: FNV-1a over its UTF-8 bytes, each byte sign-extended from int8 first.
 * - a word in the vocabulary adds its stored subword rows (itself, then its n-grams); a word
 *   out of it (not starting with "__label__") adds the n-grams of "<" word ">": for every
 *   start that is not a UTF-8 continuation byte, the n = minn..maxn characters from there
 *   (a character: a byte and its continuation bytes), except the one-character n-grams at
 *   either end; each n-gram's bucket is hash % bucket, kept only if the pruned index lists
 *   it (then row nwords + index), all rows when the model is not pruned, none when its
 *   pruned index is empty. A label token in the vocabulary adds nothing.
 * - the hidden vector: zero, then for each row in order x[j] += alpha * c[j] per subquantizer
 *   centroid c (alpha: the row's norm centroid when the norms are quantized, else 1), float
 *   operations, no fused multiply-add (setup.py builds with -ffp-contract=off); then
 *   x[j] *= (float)(1.0 / rows).
 * - hierarchical softmax: the depth-first search of HierarchicalSoftmaxLoss::dfs from the
 *   root with threshold 0 and k=1: a node whose score is below log(1e-5) or below the best
 *   leaf's is cut; f = (float)(1.0 / (1 + expf(-dot))), the dot product summed in order in
 *   float; the left child gets score + std_log(1 - f), the right score + std_log(f), where
 *   std_log(x) = (float)log((double)(float)x + 1e-5); a leaf at least as good as the best
 *   replaces it (the heap of one keeps the later of equal scores). prob = expf(best).
 * The tests hold this module to fasttext-predict on every extraction bench page's sample
 * and on hand-made texts (tests/test_lid_compiled.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && !defined(LID_NO_SSE)
#include <emmintrin.h>
#endif

#define FT_MAGIC 793712314
#define FT_VERSION 12
#define KSUB 256
#define MAX_DIM 1024
#define MAX_BUCKET (1 << 26) /* fastText's default is 2,000,000 */
#define LOSS_HS 1
#define MODEL_SUP 3
#define TYPE_WORD 0
#define TYPE_LABEL 1
#define NO_ROW INT32_MIN

static const char EOS[] = "</s>";
static const char LABEL_PREFIX[] = "__label__";

/* a vocabulary slot: one word, its bytes inline when at most INLINE long (else the
 * arena offset in their place), its type and where its subword rows are */
#define INLINE 15
typedef struct {
    uint32_t hash;
    int32_t wid; /* -1: empty slot */
    int32_t sub_off;
    uint16_t sub_len;
    uint16_t len;
    int8_t type;
    char inl[INLINE];
} VSlot;

/* 256 buckets: their bits, the rank of the first, and each word's rank from there (a
 * power of two: the line and word of a bucket are shifts) */
typedef struct PLine {
    uint64_t bits[4];
    uint32_t base;
    uint16_t off[4];
    uint8_t pad[20];
} PLine;
_Static_assert(sizeof(PLine) == 64, "one pruned-index line per cache line");
_Static_assert(sizeof(VSlot) == 32, "two vocabulary slots per cache line");

typedef struct {
    PyObject_HEAD
    int32_t dim, minn, maxn, bucket, nwords, size;
    int64_t pruneidx_size;
    /* vocabulary: open addressing on the word's hash, words in the arena */
    VSlot *vtab;
    uint32_t vmask;
    char *arena;
    int8_t *types;
    int32_t *sub_off; /* size + 1 */
    int32_t *sub_ids; /* rows as relabelled below */
    int32_t *run_at;  /* each word's run of records (byte offset in rec), -1 for a label */
    /* pruned n-gram buckets -> rank, one cache line per 384 buckets (PLine); the record
     * nwords + rank holds the row pruneidx[bucket] names */
    struct PLine *plines;
    uint64_t bucket_m; /* for h % bucket without a division (bucket_mod) */
    void *plines_mem;
    /* one record per row (its norm code, then its nsubq codes) at stride bytes, then each
     * vocabulary word's run of its subword rows' records, rsz bytes apart; ids are byte
     * offsets in rec (64-byte aligned within rec_mem) */
    void *rec_mem;
    uint8_t *rec;
    int32_t nrec, stride, rsz;
    float alpha_of[KSUB];
    int32_t nsubq, dsub, lastdsub;
    float *centroids;
    /* output rows and the hierarchical softmax tree */
    float *wo;
    int32_t osz;
    int32_t *left, *right;
    PyObject *labels; /* tuple: the label string of leaf i */
} Model;

/* ---- reading the file ---- */

typedef struct {
    const uint8_t *p;
    Py_ssize_t n, at;
} Reader;

static int take(Reader *r, void *out, Py_ssize_t k) {
    if (k < 0 || r->n - r->at < k) {
        PyErr_SetString(PyExc_ValueError, "truncated fastText model");
        return -1;
    }
    if (out) memcpy(out, r->p + r->at, (size_t)k);
    r->at += k;
    return 0;
}

static int bad(const char *what) {
    PyErr_Format(PyExc_ValueError, "fastText model not taken: %s", what);
    return -1;
}

static uint32_t ft_hash(const uint8_t *s, Py_ssize_t n) {
    uint32_t h = 2166136261u;
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= (uint32_t)(int32_t)(int8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

static inline int popcount64(uint64_t x) { /* no popcnt instruction in the base ISA */
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

/* h % bucket by Lemire's direct remainder (exact for every 32-bit h and divisor: checked
 * for all 2^32 values of h with bucket 2,000,000) */
static inline int32_t bucket_mod(const Model *m, uint32_t h) {
#ifdef __SIZEOF_INT128__
    return (int32_t)(((__uint128_t)(m->bucket_m * h) * (uint32_t)m->bucket) >> 64);
#else
    return (int32_t)(h % (uint32_t)m->bucket);
#endif
}

static inline const PLine *bucket_line(const Model *m, int32_t b) {
    return m->plines + ((uint32_t)b >> 8);
}

static inline int32_t bucket_rank(const Model *m, int32_t b) {
    const PLine *L = bucket_line(m, b);
    uint32_t in = (uint32_t)b & 255u, w = in >> 6;
    uint64_t bit = (uint64_t)1 << (in & 63);
    if (!(L->bits[w] & bit)) return -1;
    return (int32_t)(L->base + L->off[w]) + popcount64(L->bits[w] & (bit - 1));
}

/* fastText's pushHash of bucket b, relabelled; NO_ROW when dropped */
static inline int32_t bucket_row(const Model *m, int32_t b) {
    if (m->pruneidx_size == 0) return NO_ROW;
    if (m->pruneidx_size < 0) return m->nwords + b;
    int32_t r = bucket_rank(m, b);
    return r < 0 ? NO_ROW : m->nwords + r;
}

/* computeSubwords of w ("<" word ">"): the buckets of its n-grams, or their rows when
 * `resolve`; a bucket b is stored as -1 - b to be resolved later. */
static Py_ssize_t subword_buckets(const Model *m, const uint8_t *w, Py_ssize_t n,
                                  int32_t *out, int resolve) {
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((w[i] & 0xC0) == 0x80) continue;
        uint32_t h = 2166136261u;
        Py_ssize_t j = i;
        for (int32_t len = 1; j < n && len <= m->maxn; len++) {
            h = (h ^ (uint32_t)(int32_t)(int8_t)w[j]) * 16777619u;
            j++;
            while (j < n && (w[j] & 0xC0) == 0x80) {
                h = (h ^ (uint32_t)(int32_t)(int8_t)w[j]) * 16777619u;
                j++;
            }
            if (len >= m->minn && !(len == 1 && (i == 0 || j == n))) {
                int32_t b = bucket_mod(m, h);
                if (resolve) {
                    int32_t row = bucket_row(m, b);
                    if (row != NO_ROW) out[k++] = row;
                } else {
                    out[k++] = -1 - b;
                    if (m->pruneidx_size > 0) __builtin_prefetch(bucket_line(m, b));
                }
            }
        }
    }
    return k;
}

/* at most this many n-grams start at one place of a word of n bytes */
static inline Py_ssize_t max_grams(const Model *m, Py_ssize_t n) {
    return m->maxn <= 0 ? 0 : m->maxn < n ? m->maxn : n;
}

static inline const char *slot_word(const Model *m, const VSlot *v) {
    if (v->len <= INLINE) return v->inl;
    uint32_t off;
    memcpy(&off, v->inl, 4);
    return m->arena + off;
}

/* the slot of word w (hash h), NULL when it is not in the vocabulary */
static const VSlot *vocab_find(const Model *m, const uint8_t *w, Py_ssize_t n, uint32_t h) {
    uint32_t s = h & m->vmask;
    for (;;) {
        const VSlot *v = m->vtab + s;
        if (v->wid < 0) return NULL;
        if (v->hash == h && v->len == (uint32_t)n && memcmp(slot_word(m, v), w, (size_t)n) == 0)
            return v;
        s = (s + 1) & m->vmask;
    }
}

static void model_clear(Model *m) {
    PyMem_Free(m->vtab); m->vtab = NULL;
    PyMem_Free(m->arena); m->arena = NULL;
    PyMem_Free(m->types); m->types = NULL;
    PyMem_Free(m->sub_off); m->sub_off = NULL;
    PyMem_Free(m->sub_ids); m->sub_ids = NULL;
    PyMem_Free(m->run_at); m->run_at = NULL;
    PyMem_Free(m->plines_mem); m->plines_mem = NULL; m->plines = NULL;
    PyMem_Free(m->rec_mem); m->rec_mem = NULL; m->rec = NULL;
    PyMem_Free(m->centroids); m->centroids = NULL;
    PyMem_Free(m->wo); m->wo = NULL;
    PyMem_Free(m->left); m->left = NULL;
    PyMem_Free(m->right); m->right = NULL;
    Py_CLEAR(m->labels);
}

static void Model_dealloc(Model *m) {
    model_clear(m);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

/* Everything fastText's loadModel reads, in its order (args, dictionary, pruned index,
 * quantized input matrix, output matrix); the tables above are built from it. */
static int model_load(Model *m, const uint8_t *p, Py_ssize_t n) {
    Reader r = {p, n, 0};
    int32_t magic, version, a[12];
    double t;
    if (take(&r, &magic, 4) || take(&r, &version, 4)) return -1;
    if (magic != FT_MAGIC || version > FT_VERSION) return bad("not a fastText model");
    if (take(&r, a, sizeof a) || take(&r, &t, 8)) return -1;
    /* dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate */
    m->dim = a[0];
    int32_t word_ngrams = a[5], loss = a[6], model = a[7];
    m->bucket = a[8];
    m->minn = a[9];
    m->maxn = a[10];
    if (version == 11 && model == MODEL_SUP) m->maxn = 0;
    if (model != MODEL_SUP) return bad("not a supervised model");
    if (loss != LOSS_HS) return bad("loss is not hierarchical softmax");
    if (word_ngrams > 1) return bad("word n-grams");
    m->bucket_m = UINT64_C(0xFFFFFFFFFFFFFFFF) / (uint32_t)(m->bucket > 0 ? m->bucket : 1) + 1;
    if (m->dim <= 0 || m->dim > MAX_DIM || m->bucket <= 0 || m->bucket > MAX_BUCKET)
        return bad("dimensions");

    int32_t size, nwords, nlabels;
    int64_t ntokens, prune;
    if (take(&r, &size, 4) || take(&r, &nwords, 4) || take(&r, &nlabels, 4) ||
        take(&r, &ntokens, 8) || take(&r, &prune, 8))
        return -1;
    if (size < 0 || nwords < 0 || nwords > size) return bad("dictionary sizes");
    m->size = size;
    m->nwords = nwords;
    m->pruneidx_size = prune;
    uint32_t *woff = PyMem_Calloc((size_t)size + 1, sizeof(uint32_t));
    int64_t *counts = PyMem_Calloc((size_t)size + 1, sizeof(int64_t));
    m->types = PyMem_Calloc((size_t)size + 1, 1);
    if (!woff || !counts || !m->types) { PyMem_Free(woff); PyMem_Free(counts); PyErr_NoMemory(); return -1; }
    Py_ssize_t words_at = r.at;
    int rc = -1;
    for (int32_t i = 0; i < size; i++) {
        const uint8_t *z = memchr(r.p + r.at, 0, (size_t)(r.n - r.at));
        if (!z) { take(&r, NULL, r.n - r.at + 1); goto done; }
        woff[i] = (uint32_t)(r.at - words_at);
        r.at = (z - r.p) + 1;
        if (take(&r, &counts[i], 8) || take(&r, &m->types[i], 1)) goto done;
        if (m->types[i] == TYPE_WORD && i >= nwords) { bad("word after the labels"); goto done; }
    }
    woff[size] = (uint32_t)(r.at - words_at);
    /* the arena keeps each word's bytes (with its entry's tail, unused) */
    m->arena = PyMem_Malloc((size_t)(r.at - words_at) + 1);
    if (!m->arena) { PyErr_NoMemory(); goto done; }
    memcpy(m->arena, r.p + words_at, (size_t)(r.at - words_at));
    uint32_t slots = 16;
    while (slots < 2u * (uint32_t)size + 2) slots <<= 1;
    m->vmask = slots - 1;
    m->vtab = PyMem_Malloc(slots * sizeof(VSlot));
    if (!m->vtab) { PyErr_NoMemory(); goto done; }
    for (uint32_t s = 0; s < slots; s++) m->vtab[s].wid = -1;
    for (int32_t i = 0; i < size; i++) {
        const uint8_t *w = (const uint8_t *)m->arena + woff[i];
        uint32_t len = (uint32_t)strlen((const char *)w), h = ft_hash(w, len), s = h & m->vmask;
        if (len > UINT16_MAX) { bad("word length"); goto done; }
        for (;; s = (s + 1) & m->vmask) {
            VSlot *v = m->vtab + s;
            if (v->wid < 0) {
                memset(v, 0, sizeof *v);
                v->hash = h;
                v->wid = i;
                v->len = (uint16_t)len;
                if (len <= INLINE) memcpy(v->inl, w, len);
                else memcpy(v->inl, &woff[i], 4);
                break;
            }
            if (v->hash == h && v->len == len && memcmp(slot_word(m, v), w, len) == 0) {
                v->wid = i; /* a repeated word: the later entry, as fastText's word2int_ */
                break;
            }
        }
    }

    /* pruned index: bucket -> index, the later pair of a repeated bucket winning */
    int32_t *dense = NULL;
    int32_t nrank = 0;
    int32_t nlines = (int32_t)(((int64_t)m->bucket + 255) / 256);
    if (prune > 0) {
        if (prune > INT32_MAX) { bad("pruned index"); goto done; }
        dense = PyMem_Malloc((size_t)m->bucket * sizeof(int32_t));
        m->plines_mem = PyMem_Calloc((size_t)nlines + 1, sizeof(PLine));
        if (!dense || !m->plines_mem) { PyMem_Free(dense); PyErr_NoMemory(); goto done; }
        m->plines = (PLine *)(((uintptr_t)m->plines_mem + 63) & ~(uintptr_t)63);
        memset(dense, 0xff, (size_t)m->bucket * sizeof(int32_t));
        for (int64_t i = 0; i < prune; i++) {
            int32_t kv[2];
            if (take(&r, kv, 8)) { PyMem_Free(dense); goto done; }
            if (kv[0] < 0 || kv[0] >= m->bucket) continue; /* never looked up */
            if (kv[1] < 0) { PyMem_Free(dense); bad("pruned index value"); goto done; }
            dense[kv[0]] = kv[1];
        }
        for (int32_t b = 0; b < m->bucket; b++) {
            PLine *L = m->plines + (b >> 8);
            int32_t in = b & 255;
            if (in == 0) L->base = (uint32_t)nrank;
            if ((in & 63) == 0) L->off[in >> 6] = (uint16_t)(nrank - (int32_t)L->base);
            if (dense[b] >= 0) { L->bits[in >> 6] |= (uint64_t)1 << (in & 63); nrank++; }
        }
    }

    /* quantized input matrix */
    uint8_t quant, qnorm;
    int64_t rows, cols;
    int32_t codesize;
    if (take(&r, &quant, 1)) goto fail_dense;
    if (!quant) { bad("input matrix not quantized"); goto fail_dense; }
    if (take(&r, &qnorm, 1) || take(&r, &rows, 8) || take(&r, &cols, 8) || take(&r, &codesize, 4))
        goto fail_dense;
    if (cols != m->dim || rows < nwords || rows > INT32_MAX || codesize < 0) {
        bad("input matrix shape");
        goto fail_dense;
    }
    const uint8_t *codes = r.p + r.at;
    if (take(&r, NULL, codesize)) goto fail_dense;
    int32_t pq[4]; /* dim nsubq dsub lastdsub */
    if (take(&r, pq, sizeof pq)) goto fail_dense;
    m->nsubq = pq[1];
    m->dsub = pq[2];
    m->lastdsub = pq[3];
    if (pq[0] != m->dim || m->nsubq <= 0 || m->dsub <= 0 || m->lastdsub <= 0 ||
        (int64_t)(m->nsubq - 1) * m->dsub + m->lastdsub != m->dim ||
        (int64_t)rows * m->nsubq > codesize) {
        bad("product quantizer shape");
        goto fail_dense;
    }
    m->centroids = PyMem_Malloc((size_t)m->dim * KSUB * sizeof(float));
    if (!m->centroids) { PyErr_NoMemory(); goto fail_dense; }
    if (take(&r, m->centroids, (Py_ssize_t)m->dim * KSUB * 4)) goto fail_dense;
    const uint8_t *norm_codes = NULL;
    float *norm_c = NULL;
    int32_t npq[4] = {0, 0, 0, 0};
    if (qnorm) {
        norm_codes = r.p + r.at;
        if (take(&r, NULL, rows) || take(&r, npq, sizeof npq)) goto fail_dense;
        if (npq[0] <= 0 || npq[0] > MAX_DIM || npq[1] <= 0 || npq[2] <= 0 || npq[3] <= 0 ||
            (npq[1] == 1 ? npq[3] : npq[2]) * 255 >= npq[0] * KSUB) {
            bad("norm quantizer shape");
            goto fail_dense;
        }
        norm_c = (float *)(r.p + r.at); /* read with memcpy below: may be unaligned */
        if (take(&r, NULL, (Py_ssize_t)npq[0] * KSUB * 4)) goto fail_dense;
    }
    /* the norms' values by code (one value 1 when the norms are not quantized) */
    m->alpha_of[0] = 1.0f;
    if (qnorm)
        for (int c = 0; c < KSUB; c++) {
            int64_t at = npq[1] == 1 ? (int64_t)c * npq[3] : (int64_t)c * npq[2];
            memcpy(&m->alpha_of[c], (const uint8_t *)norm_c + at * 4, 4);
        }
    /* records (norm code, then the row's nsubq codes): rows 0..nwords-1 are the words'
     * rows, then one per pruned bucket in rank order (or every n-gram row when the model
     * is not pruned); each word's own run of records is appended later */
    int64_t nrec = prune > 0 ? (int64_t)nwords + nrank : prune < 0 ? (int64_t)nwords + m->bucket : nwords;
    if (prune < 0 && nrec > rows) { bad("n-gram rows"); goto fail_dense; }
    m->rsz = 1 + m->nsubq;
    m->stride = 16;
    while (m->stride < m->rsz) m->stride <<= 1;
    if (nrec * m->stride > INT32_MAX / 2) { bad("rows"); goto fail_dense; }
    m->rec_mem = PyMem_Calloc((size_t)(nrec * m->stride + 64), 1);
    if (!m->rec_mem) { PyErr_NoMemory(); goto fail_dense; }
    for (int64_t i = 0; i < nrec; i++) {
        int64_t row = i;
        if (prune > 0 && i >= nwords) {
            if (i == nwords) {
                int32_t b = 0;
                for (int32_t k = nwords; k < nrec; k++, b++) {
                    while (dense[b] < 0) b++;
                    row = (int64_t)nwords + dense[b];
                    if (row >= rows) { bad("pruned index row"); goto fail_dense; }
                    uint8_t *rc_ = (uint8_t *)m->rec_mem + (int64_t)k * m->stride;
                    rc_[0] = qnorm ? norm_codes[row] : 0;
                    memcpy(rc_ + 1, codes + row * m->nsubq, (size_t)m->nsubq);
                }
            }
            break;
        }
        uint8_t *rc_ = (uint8_t *)m->rec_mem + i * m->stride;
        rc_[0] = qnorm ? norm_codes[row] : 0;
        memcpy(rc_ + 1, codes + row * m->nsubq, (size_t)m->nsubq);
    }
    m->nrec = (int32_t)nrec;
    PyMem_Free(dense);
    dense = NULL;

    /* output matrix (dense) */
    uint8_t qout;
    if (take(&r, &qout, 1)) goto fail_dense;
    if (qout) { bad("output matrix quantized"); goto fail_dense; }
    int64_t orows, ocols;
    if (take(&r, &orows, 8) || take(&r, &ocols, 8)) goto fail_dense;
    if (ocols != m->dim || orows < 0 || orows > INT32_MAX) { bad("output matrix shape"); goto fail_dense; }
    m->wo = PyMem_Malloc((size_t)(orows ? orows : 1) * (size_t)m->dim * sizeof(float));
    if (!m->wo) { PyErr_NoMemory(); goto fail_dense; }
    if (take(&r, m->wo, (Py_ssize_t)(orows * m->dim * 4))) goto fail_dense;

    /* the tree: HierarchicalSoftmaxLoss::buildTree on the labels' counts in entry order */
    int32_t osz = 0;
    for (int32_t i = 0; i < size; i++) osz += m->types[i] == TYPE_LABEL;
    if (osz < 1 || osz - 1 > orows || nwords + (int64_t)osz > size) { bad("labels"); goto fail_dense; }
    m->osz = osz;
    int32_t nodes = 2 * osz - 1;
    int64_t *cnt = PyMem_Malloc((size_t)nodes * sizeof(int64_t));
    m->left = PyMem_Malloc((size_t)nodes * sizeof(int32_t));
    m->right = PyMem_Malloc((size_t)nodes * sizeof(int32_t));
    if (!cnt || !m->left || !m->right) { PyMem_Free(cnt); PyErr_NoMemory(); goto fail_dense; }
    for (int32_t i = 0; i < nodes; i++) {
        m->left[i] = m->right[i] = -1;
        cnt[i] = (int64_t)1e15;
    }
    for (int32_t i = 0, j = 0; i < size; i++)
        if (m->types[i] == TYPE_LABEL) cnt[j++] = counts[i];
    {
        int32_t leaf = osz - 1, node = osz;
        for (int32_t i = osz; i < nodes; i++) {
            int32_t mini[2] = {0, 0};
            for (int j = 0; j < 2; j++) {
                if (leaf >= 0 && cnt[leaf] < cnt[node]) mini[j] = leaf--;
                else mini[j] = node++;
            }
            m->left[i] = mini[0];
            m->right[i] = mini[1];
            cnt[i] = cnt[mini[0]] + cnt[mini[1]];
        }
    }
    PyMem_Free(cnt);
    /* getLabel(lid) is the entry nwords + lid */
    m->labels = PyTuple_New(osz);
    if (!m->labels) goto fail_dense;
    for (int32_t i = 0; i < osz; i++) {
        const char *w = m->arena + woff[nwords + i];
        PyObject *s = PyUnicode_DecodeUTF8(w, (Py_ssize_t)strlen(w), "strict");
        if (!s) goto fail_dense;
        PyTuple_SET_ITEM(m->labels, i, s);
    }

    /* each entry's stored subwords: itself, then (not "</s>") the n-grams of <word> */
    m->sub_off = PyMem_Malloc(((size_t)size + 1) * sizeof(int32_t));
    m->run_at = PyMem_Malloc(((size_t)size + 1) * sizeof(int32_t));
    if (!m->sub_off || !m->run_at) { PyErr_NoMemory(); goto fail_dense; }
    {
        Py_ssize_t cap = 1024, k = 0;
        m->sub_ids = PyMem_Malloc((size_t)cap * sizeof(int32_t));
        uint8_t *wb = NULL;
        Py_ssize_t wcap = 0;
        if (!m->sub_ids) { PyErr_NoMemory(); goto fail_dense; }
        for (int32_t i = 0; i < size; i++) {
            const char *w = m->arena + woff[i];
            Py_ssize_t len = (Py_ssize_t)strlen(w), need = k + 1 + (len + 2) * max_grams(m, len + 2);
            m->sub_off[i] = (int32_t)k;
            if (need > cap) {
                while (cap < need) cap *= 2;
                int32_t *g = PyMem_Realloc(m->sub_ids, (size_t)cap * sizeof(int32_t));
                if (!g) { PyMem_Free(wb); PyErr_NoMemory(); goto fail_dense; }
                m->sub_ids = g;
            }
            m->sub_ids[k++] = i;
            if (strcmp(w, EOS) == 0) continue;
            if (len + 2 > wcap) {
                wcap = len + 2;
                uint8_t *g = PyMem_Realloc(wb, (size_t)wcap);
                if (!g) { PyMem_Free(wb); PyErr_NoMemory(); goto fail_dense; }
                wb = g;
            }
            wb[0] = '<';
            memcpy(wb + 1, w, (size_t)len);
            wb[len + 1] = '>';
            k += subword_buckets(m, wb, len + 2, m->sub_ids + k, 1);
        }
        m->sub_off[size] = (int32_t)k;
        PyMem_Free(wb);
    }
    /* each word's run of records, in its subword order */
    {
        int64_t table = (int64_t)m->nrec * m->stride, runs = 0;
        for (int32_t i = 0; i < size; i++)
            if (m->types[i] == TYPE_WORD) runs += (int64_t)(m->sub_off[i + 1] - m->sub_off[i]) * m->rsz;
        if (table + runs > INT32_MAX) { bad("rows"); goto fail_dense; }
        void *g = PyMem_Realloc(m->rec_mem, (size_t)(table + runs + 64));
        if (!g) { PyErr_NoMemory(); goto fail_dense; }
        m->rec_mem = g;
        /* the table moves to a 64-byte boundary (rows then never straddle a line) */
        m->rec = (uint8_t *)(((uintptr_t)m->rec_mem + 63) & ~(uintptr_t)63);
        memmove(m->rec, m->rec_mem, (size_t)table);
        int64_t at = table;
        for (int32_t i = 0; i < size; i++) {
            m->run_at[i] = -1;
            if (m->types[i] != TYPE_WORD) continue;
            m->run_at[i] = (int32_t)at;
            for (int32_t q = m->sub_off[i]; q < m->sub_off[i + 1]; q++, at += m->rsz) {
                int32_t row = m->sub_ids[q];
                if (row < 0 || row >= m->nrec) { bad("subword row"); goto fail_dense; }
                memcpy(m->rec + at, m->rec + (int64_t)row * m->stride, (size_t)m->rsz);
            }
        }
    }
    for (uint32_t s = 0; s <= m->vmask; s++) {
        VSlot *v = m->vtab + s;
        if (v->wid < 0) continue;
        int32_t len = m->sub_off[v->wid + 1] - m->sub_off[v->wid];
        if (len > UINT16_MAX) { bad("subword list"); goto fail_dense; }
        v->sub_off = m->run_at[v->wid];
        v->sub_len = (uint16_t)len;
        v->type = m->types[v->wid];
    }
    rc = 0;
    goto done;
fail_dense:
    PyMem_Free(dense);
done:
    PyMem_Free(woff);
    PyMem_Free(counts);
    return rc;
}

static int Model_init(Model *m, PyObject *args, PyObject *kw) {
    Py_buffer buf;
    if (kw && PyDict_GET_SIZE(kw)) {
        PyErr_SetString(PyExc_TypeError, "Model(data) takes no keyword arguments");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "y*:Model", &buf)) return -1;
    model_clear(m);
    int rc = model_load(m, buf.buf, buf.len);
    PyBuffer_Release(&buf);
    if (rc) model_clear(m);
    return rc;
}

/* ---- prediction ---- */

static inline float std_log(float x) { return (float)log((double)x + 1e-5); }

typedef struct {
    const Model *m;
    const float *hidden;
    float floor_;
    int have, nan;
    float best;
    int32_t best_node;
} Search;

static void dfs(Search *s, int32_t node, float score) {
    const Model *m = s->m;
    if (s->nan || score < s->floor_) return;
    if (s->have && score < s->best) return;
    if (m->left[node] == -1 && m->right[node] == -1) {
        s->have = 1;
        s->best = score;
        s->best_node = node;
        return;
    }
    const float *w = m->wo + (int64_t)(node - m->osz) * m->dim;
    float d = 0.0f;
    for (int32_t j = 0; j < m->dim; j++) d += w[j] * s->hidden[j];
    if (isnan(d)) { s->nan = 1; return; }
    float f = (float)(1.0 / (double)(1.0f + expf(-d)));
    dfs(s, m->left[node], score + std_log((float)(1.0 - (double)f)));
    dfs(s, m->right[node], score + std_log(f));
}

/* hidden = the sum of the rows ids, each x[j] += alpha * c[j] in row order (fastText's
 * addcode; every lane of the SSE path does the same float operations in the same order) */
static void accumulate(const Model *m, const int32_t *ids, Py_ssize_t n, float *hidden) {
    const float *C = m->centroids;
#if defined(__SSE2__) && !defined(LID_NO_SSE)
    if (m->dim == 16 && m->nsubq == 8 && m->dsub == 2 && m->lastdsub == 2) {
        __m128 x0 = _mm_setzero_ps(), x1 = _mm_setzero_ps(), x2 = _mm_setzero_ps(),
               x3 = _mm_setzero_ps();
        for (Py_ssize_t i = 0; i < n; i++) {
            const uint8_t *r = m->rec + ids[i];
            const __m128 a = _mm_set1_ps(m->alpha_of[r[0]]);
            const uint8_t *code = r + 1;
#define PAIR(q) ((const __m64 *)(C + ((q) * KSUB + code[q]) * 2))
            __m128 v0 = _mm_loadh_pi(_mm_loadl_pi(_mm_setzero_ps(), PAIR(0)), PAIR(1));
            __m128 v1 = _mm_loadh_pi(_mm_loadl_pi(_mm_setzero_ps(), PAIR(2)), PAIR(3));
            __m128 v2 = _mm_loadh_pi(_mm_loadl_pi(_mm_setzero_ps(), PAIR(4)), PAIR(5));
            __m128 v3 = _mm_loadh_pi(_mm_loadl_pi(_mm_setzero_ps(), PAIR(6)), PAIR(7));
#undef PAIR
            x0 = _mm_add_ps(x0, _mm_mul_ps(a, v0));
            x1 = _mm_add_ps(x1, _mm_mul_ps(a, v1));
            x2 = _mm_add_ps(x2, _mm_mul_ps(a, v2));
            x3 = _mm_add_ps(x3, _mm_mul_ps(a, v3));
        }
        _mm_storeu_ps(hidden, x0);
        _mm_storeu_ps(hidden + 4, x1);
        _mm_storeu_ps(hidden + 8, x2);
        _mm_storeu_ps(hidden + 12, x3);
        return;
    }
#endif
    const int32_t dim = m->dim, nsubq = m->nsubq, dsub = m->dsub, last = m->lastdsub;
    memset(hidden, 0, sizeof(float) * (size_t)dim);
    for (Py_ssize_t i = 0; i < n; i++) {
        const uint8_t *r = m->rec + ids[i];
        const float alpha = m->alpha_of[r[0]];
        const uint8_t *code = r + 1;
        for (int32_t q = 0; q < nsubq - 1; q++) {
            const float *c = C + ((int64_t)q * KSUB + code[q]) * dsub;
            float *x = hidden + q * dsub;
            for (int32_t j = 0; j < dsub; j++) x[j] += alpha * c[j];
        }
        int32_t q = nsubq - 1;
        const float *c = C + (int64_t)q * KSUB * dsub + (int64_t)code[q] * last;
        float *x = hidden + q * dsub;
        for (int32_t j = 0; j < last; j++) x[j] += alpha * c[j];
    }
}

static inline int is_sep(Py_UCS4 c) { return c == 0 || Py_UNICODE_ISSPACE(c); }

typedef struct {
    int32_t *v;
    Py_ssize_t n, cap;
} Ids;

static int ids_room(Ids *a, Py_ssize_t more) {
    if (a->n + more <= a->cap) return 0;
    Py_ssize_t cap = a->cap ? a->cap : 1024;
    while (cap < a->n + more) cap *= 2;
    int32_t *g = PyMem_Realloc(a->v, (size_t)cap * sizeof(int32_t));
    if (!g) { PyErr_NoMemory(); return -1; }
    a->v = g;
    a->cap = cap;
    return 0;
}

/* the prediction of the text's characters in the ranges [rg[2i], rg[2i+1]) joined by
 * spaces (one range: the text) */
static PyObject *predict_ranges(Model *m, PyObject *text, const Py_ssize_t *rg, int nrg) {
    if (!m->labels) { PyErr_SetString(PyExc_ValueError, "Model not loaded"); return NULL; }
    /* warm the tables every prediction reads whole, while the text is read */
    for (int32_t i = 0; i < m->dim * KSUB; i += 16) __builtin_prefetch(m->centroids + i);

    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = 0;
    for (int r = 0; r < nrg; r++) n += rg[2 * r + 1] - rg[2 * r] + 1;
    /* the tokens' UTF-8 bytes, each as "<" token ">", then "<</s>>" */
    Py_ssize_t bcap = 4 * n + 2 * (n + 1) + 8;
    uint8_t *buf = PyMem_Malloc((size_t)bcap);
    Py_ssize_t *tok = PyMem_Malloc(((size_t)n / 1 + 2) * 2 * sizeof(Py_ssize_t));
    uint32_t *th = PyMem_Malloc(((size_t)n + 2) * sizeof(uint32_t));
    const VSlot **slot = PyMem_Malloc(((size_t)n + 2) * sizeof(VSlot *));
    Ids ids = {NULL, 0, 0};
    PyObject *res = NULL;
    if (!buf || !tok || !th || !slot) { PyErr_NoMemory(); goto out; }
    Py_ssize_t b = 0, nt = 0;
    for (int r = 0; r < nrg; r++) {
        Py_ssize_t start = -1, e = rg[2 * r + 1];
        uint32_t h = 0;
        for (Py_ssize_t i = rg[2 * r]; i <= e; i++) {
            Py_UCS4 c = i < e ? PyUnicode_READ(kind, data, i) : 0;
            if (i == e || is_sep(c)) {
                if (start >= 0) {
                    buf[b++] = '>';
                    tok[2 * nt] = start;
                    tok[2 * nt + 1] = b - start;
                    th[nt++] = h;
                    __builtin_prefetch(m->vtab + (h & m->vmask));
                    start = -1;
                }
                continue;
            }
            if (start < 0) {
                start = b;
                buf[b++] = '<';
                h = 2166136261u;
            }
            uint8_t u[4];
            int k;
            if (c < 0x80) { u[0] = (uint8_t)c; k = 1; }
            else if (c < 0x800) { u[0] = 0xC0 | (c >> 6); u[1] = 0x80 | (c & 0x3F); k = 2; }
            else if (c < 0x10000) {
                if (c >= 0xD800 && c <= 0xDFFF) { res = Py_None; Py_INCREF(res); goto out; }
                u[0] = 0xE0 | (c >> 12); u[1] = 0x80 | ((c >> 6) & 0x3F); u[2] = 0x80 | (c & 0x3F); k = 3;
            } else {
                u[0] = 0xF0 | (c >> 18); u[1] = 0x80 | ((c >> 12) & 0x3F);
                u[2] = 0x80 | ((c >> 6) & 0x3F); u[3] = 0x80 | (c & 0x3F); k = 4;
            }
            for (int q = 0; q < k; q++) {
                buf[b++] = u[q];
                h = (h ^ (uint32_t)(int32_t)(int8_t)u[q]) * 16777619u;
            }
        }
    }
    {
        /* the reference's "\n" reads as "</s>" last */
        tok[2 * nt] = b;
        tok[2 * nt + 1] = 6;
        memcpy(buf + b, "<</s>>", 6);
        b += 6;
        th[nt++] = ft_hash((const uint8_t *)EOS, 4);
    }
    /* the tokens' vocabulary slots first (their lists' memory asked for), then getLine:
     * each token's rows, n-gram buckets left to resolve */
    for (Py_ssize_t t = 0; t < nt; t++) {
        const VSlot *v = vocab_find(m, buf + tok[2 * t] + 1, tok[2 * t + 1] - 2, th[t]);
        slot[t] = v;
        if (v) {
            const uint8_t *run = m->rec + v->sub_off;
            for (int32_t q = 0; q < v->sub_len * m->rsz; q += 64) __builtin_prefetch(run + q);
        }
    }
    for (Py_ssize_t t = 0; t < nt; t++) {
        const uint8_t *w = buf + tok[2 * t];
        Py_ssize_t wl = tok[2 * t + 1];
        int eos = wl == 6 && memcmp(w + 1, EOS, 4) == 0;
        const VSlot *v = slot[t];
        int type = !v ? (wl - 2 >= 9 && memcmp(w + 1, LABEL_PREFIX, 9) == 0 ? TYPE_LABEL : TYPE_WORD)
                      : v->type;
        if (type == TYPE_WORD) {
            if (v) {
                Py_ssize_t k = v->sub_len;
                if (ids_room(&ids, k)) goto out;
                for (Py_ssize_t q = 0, at = v->sub_off; q < k; q++, at += m->rsz)
                    ids.v[ids.n++] = (int32_t)at;
            } else if (!eos) {
                if (ids_room(&ids, wl * max_grams(m, wl))) goto out;
                ids.n += subword_buckets(m, w, wl, ids.v + ids.n, 0);
            }
        }
        if (eos) break;
    }
    /* resolve the buckets (pushHash), order kept */
    {
        Py_ssize_t k = 0;
        for (Py_ssize_t i = 0; i < ids.n; i++) {
            int32_t v = ids.v[i];
            if (v < 0) {
                v = bucket_row(m, -1 - v);
                if (v == NO_ROW) continue;
                v *= m->stride;
                __builtin_prefetch(m->rec + v);
            }
            ids.v[k++] = v;
        }
        ids.n = k;
    }
    if (ids.n == 0) { res = PyTuple_New(0); goto out; }
    for (int32_t i = 0; i < (m->osz - 1) * m->dim; i += 16) __builtin_prefetch(m->wo + i);
    {
        float hidden[MAX_DIM];
        accumulate(m, ids.v, ids.n, hidden);
        float scale = (float)(1.0 / (double)ids.n);
        for (int32_t j = 0; j < m->dim; j++) hidden[j] *= scale;
        Search s = {m, hidden, std_log(0.0f), 0, 0, 0.0f, -1};
        dfs(&s, 2 * m->osz - 2, 0.0f);
        if (s.nan) { res = Py_None; Py_INCREF(res); goto out; }
        if (!s.have) { res = PyTuple_New(0); goto out; }
        PyObject *prob = PyFloat_FromDouble((double)expf(s.best));
        if (!prob) goto out;
        res = PyTuple_Pack(2, PyTuple_GET_ITEM(m->labels, s.best_node), prob);
        Py_DECREF(prob);
    }
out:
    PyMem_Free(buf);
    PyMem_Free(tok);
    PyMem_Free(th);
    PyMem_Free(slot);
    PyMem_Free(ids.v);
    return res;
}

static PyObject *Model_predict(Model *m, PyObject *text) {
    if (!PyUnicode_Check(text)) { PyErr_SetString(PyExc_TypeError, "predict() takes a str"); return NULL; }
    Py_ssize_t rg[2] = {0, PyUnicode_GET_LENGTH(text)};
    return predict_ranges(m, text, rg, 1);
}

static inline Py_ssize_t find_char(int kind, const void *data, Py_UCS4 ch, Py_ssize_t s,
                                   Py_ssize_t e) {
    for (Py_ssize_t i = s; i < e; i++)
        if (PyUnicode_READ(kind, data, i) == ch) return i;
    return -1;
}

static inline Py_ssize_t rfind_char(int kind, const void *data, Py_UCS4 ch, Py_ssize_t s,
                                    Py_ssize_t e) {
    for (Py_ssize_t i = e - 1; i >= s; i--)
        if (PyUnicode_READ(kind, data, i) == ch) return i;
    return -1;
}

/* langid._window(text[:n], start, width) as a range of text */
static void window(int kind, const void *data, Py_ssize_t n, Py_ssize_t start, Py_ssize_t width,
                   Py_ssize_t *out) {
    if (start) {
        Py_ssize_t stop = start + width / 2 < n ? start + width / 2 : n;
        Py_ssize_t space = find_char(kind, data, ' ', start, stop);
        if (space >= 0) start = space + 1;
    }
    Py_ssize_t end = start + width;
    if (end >= n) {
        out[0] = start < n ? start : n;
        out[1] = n;
        return;
    }
    Py_ssize_t a = rfind_char(kind, data, ' ', start, end + 1);
    Py_ssize_t b = rfind_char(kind, data, '\n', start, end + 1);
    Py_ssize_t cut = a > b ? a : b;
    out[0] = start;
    out[1] = cut > start + width / 2 ? cut : end;
}

/* predict_sample(text, max_chars, sample_chars, windows): predict(langid.sample_text(
 * text[:max_chars])) without building the sample (its windows are read in place) */
static PyObject *Model_predict_sample(Model *m, PyObject *args) {
    PyObject *text;
    Py_ssize_t max_chars, sample_chars, nwin;
    if (!PyArg_ParseTuple(args, "Unnn:predict_sample", &text, &max_chars, &sample_chars, &nwin))
        return NULL;
    if (max_chars < 0 || sample_chars < 0 || nwin < 1 || nwin > 64) {
        PyErr_SetString(PyExc_ValueError, "predict_sample: bad sizes");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > max_chars) n = max_chars;
    Py_ssize_t rg[128];
    if (n <= sample_chars) {
        rg[0] = 0;
        rg[1] = n;
        return predict_ranges(m, text, rg, 1);
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t width = sample_chars / nwin, last = n - width, div = nwin - 1 > 1 ? nwin - 1 : 1;
    for (Py_ssize_t j = 0; j < nwin; j++) window(kind, data, n, last * j / div, width, rg + 2 * j);
    return predict_ranges(m, text, rg, (int)nwin);
}

/* count_letters(text, limit, enough): how many of text[:limit] are letters (str.isalpha),
 * counting stopped at the enough-th */
static PyObject *count_letters(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *text;
    Py_ssize_t limit, enough;
    if (!PyArg_ParseTuple(args, "Unn:count_letters", &text, &limit, &enough)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), letters = 0;
    if (limit < 0) limit = 0;
    if (n > limit) n = limit;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i)) && ++letters >= enough) break;
    return PyLong_FromSsize_t(letters);
}

/* sample(text, max_chars, sample_chars, windows): the sample predict_sample reads, joined as
 * langid.sample_text joins it (for the tests) */
static PyObject *sample(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *text;
    Py_ssize_t max_chars, sample_chars, nwin;
    if (!PyArg_ParseTuple(args, "Unnn:sample", &text, &max_chars, &sample_chars, &nwin)) return NULL;
    if (max_chars < 0 || sample_chars < 0 || nwin < 1 || nwin > 64) {
        PyErr_SetString(PyExc_ValueError, "sample: bad sizes");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > max_chars) n = max_chars;
    if (n <= sample_chars) return PyUnicode_Substring(text, 0, n);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t width = sample_chars / nwin, last = n - width, div = nwin - 1 > 1 ? nwin - 1 : 1;
    PyObject *parts = PyList_New(nwin), *sep = NULL, *res = NULL;
    if (!parts) return NULL;
    for (Py_ssize_t j = 0; j < nwin; j++) {
        Py_ssize_t r[2];
        window(kind, data, n, last * j / div, width, r);
        PyObject *p = PyUnicode_Substring(text, r[0], r[1] > r[0] ? r[1] : r[0]);
        if (!p) goto done;
        PyList_SET_ITEM(parts, j, p);
    }
    sep = PyUnicode_FromString(" ");
    if (sep) res = PyUnicode_Join(sep, parts);
done:
    Py_XDECREF(sep);
    Py_DECREF(parts);
    return res;
}

static PyObject *Model_labels(Model *m, void *closure) {
    (void)closure;
    if (!m->labels) Py_RETURN_NONE;
    Py_INCREF(m->labels);
    return m->labels;
}

static PyMethodDef Model_methods[] = {
    {"predict", (PyCFunction)Model_predict, METH_O,
     "predict(text) -> (label, prob) | () | None: fastText's k=1 prediction of "
     "' '.join(text.split()); None leaves the text to the reference."},
    {"predict_sample", (PyCFunction)Model_predict_sample, METH_VARARGS,
     "predict_sample(text, max_chars, sample_chars, windows): "
     "predict(langid.sample_text(text[:max_chars])), the sample read in place."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Model_getset[] = {
    {"labels", (getter)Model_labels, NULL, "the model's labels, in leaf order", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "newssift._lid.Model",
    .tp_basicsize = sizeof(Model),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A fastText supervised quantized model (hierarchical softmax), read from its "
              ".ftz bytes; predict() equals fastText's k=1 prediction.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Model_init,
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_methods = Model_methods,
    .tp_getset = Model_getset,
};

static PyMethodDef module_methods[] = {
    {"count_letters", count_letters, METH_VARARGS,
     "count_letters(text, limit, enough): letters (str.isalpha) of text[:limit], stopped at enough"},
    {"sample", sample, METH_VARARGS,
     "sample(text, max_chars, sample_chars, windows): the text predict_sample reads"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lid",
                                    "fastText lid.176 prediction (see _lid.c).", -1,
                                    module_methods};

PyMODINIT_FUNC PyInit__lid(void) {
    if (PyType_Ready(&ModelType) < 0) return NULL;
    PyObject *mod = PyModule_Create(&module);
    if (!mod) return NULL;
    Py_INCREF(&ModelType);
    if (PyModule_AddObject(mod, "Model", (PyObject *)&ModelType) < 0) {
        Py_DECREF(&ModelType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
