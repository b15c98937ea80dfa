/* The strict UTF-8 decode of newssift.io.charset (``utf8_strict``), compiled.
 *
 * It lives with the readers that use it: the WARC and HTML-file readers decode every page
 * here, and a process that only reads pages should not load the extractor's extension to
 * do so (it once sat in extract/_walk.c, which tied io to extract in an import loop).
 * charset.utf8_strict falls back to bytes.decode where this module is not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* utf8_text(data): data.decode("utf-8") for bytes that are strictly valid UTF-8, else None
 * (the caller then asks Python's codec, which raises or replaces as it always did). Python's
 * decoder writes one code unit at a time, and on a page that holds one character past
 * U+00FF (a curly quote) it starts over in two-byte units: about 4.5 instructions a byte,
 * 7% of extract's on aeb's pages. Here one pass checks the bytes and measures the text
 * (characters, largest code point), the exact str is allocated once, and a second pass
 * fills it; runs of ASCII go 64 bytes a step in the first, 16 in the second. Valid
 * means what the codec's strict mode accepts: no byte C0, C1 or F5-FF, no overlong three- or four-byte form (E0 80-9F,
 * F0 80-8F), no surrogate (ED A0-BF), nothing past U+10FFFF (F4 90-BF), no missing or
 * extra continuation byte. The text is then unique, so equality with bytes.decode is the
 * whole contract (tests/io/test_utf8_native.py). */
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Pass 1: whether s[0:n] is strict UTF-8; if so, its number of code points in *chars and
 * the largest in *top. Each step skips the ASCII up to the next byte >= 0x80 (16 bytes a
 * load, the first such byte found by its bit in the mask), then reads the characters from
 * there while they are not ASCII (dense text, Cyrillic or CJK, stays in this loop). */
static int
utf8_scan(const unsigned char *s, Py_ssize_t n, Py_ssize_t *chars, Py_UCS4 *top)
{
    Py_ssize_t i = 0, extra = 0; /* extra: the continuation bytes, so chars = n - extra */
    Py_UCS4 max = 0;
    for (;;) {
#if defined(__SSE2__)
        while (i + 64 <= n) { /* 64 bytes a step while all are ASCII */
            const __m128i *v = (const __m128i *)(s + i);
            __m128i lo = _mm_or_si128(_mm_loadu_si128(v), _mm_loadu_si128(v + 1)),
                    hi = _mm_or_si128(_mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3));
            if (_mm_movemask_epi8(_mm_or_si128(lo, hi)))
                break;
            i += 64;
        }
        while (i + 16 <= n) {
            int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i)));
            if (m) {
                i += __builtin_ctz((unsigned)m);
                break;
            }
            i += 16;
        }
#endif
        while (i < n && s[i] < 0x80)
            i++;
        if (i >= n)
            break;
        do {
            unsigned c = s[i];
            Py_UCS4 cp;
            if (c < 0xC2)
                return 0;
            if (c < 0xE0) {
                if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
                    return 0;
                cp = ((Py_UCS4)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
                i += 2;
                extra += 1;
            } else if (c < 0xF0) {
                if (i + 2 >= n)
                    return 0;
                unsigned c1 = s[i + 1], c2 = s[i + 2];
                if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) ||
                    (c == 0xED && c1 > 0x9F))
                    return 0;
                cp = ((Py_UCS4)(c & 0x0F) << 12) | ((Py_UCS4)(c1 & 0x3F) << 6) | (c2 & 0x3F);
                i += 3;
                extra += 2;
            } else if (c < 0xF5) {
                if (i + 3 >= n)
                    return 0;
                unsigned c1 = s[i + 1], c2 = s[i + 2], c3 = s[i + 3];
                if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 || (c3 & 0xC0) != 0x80 ||
                    (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
                    return 0;
                cp = ((Py_UCS4)(c & 0x07) << 18) | ((Py_UCS4)(c1 & 0x3F) << 12) |
                     ((Py_UCS4)(c2 & 0x3F) << 6) | (c3 & 0x3F);
                i += 4;
                extra += 3;
            } else {
                return 0;
            }
            if (cp > max)
                max = cp;
        } while (i < n && s[i] >= 0x80);
    }
    *chars = n - extra;
    *top = max;
    return 1;
}

/* The second pass, for one code-unit width: the bytes were checked, so each lead byte says
 * how many follow. ASCII is widened 32 bytes a step while all are ASCII, then 16: those are
 * stored whole and the output moves on by the ASCII among them (the rest is written over by
 * what follows), only while the units stored fit in the str (j + 16 <= chars). */
#if defined(__SSE2__)
#define UTF8_WIDEN_STORE(T, v, at)                                                           \
    do {                                                                                     \
        if (sizeof(T) == 1) {                                                                \
            _mm_storeu_si128((__m128i *)(at), v);                                            \
        } else {                                                                             \
            __m128i z_ = _mm_setzero_si128(), lo_ = _mm_unpacklo_epi8(v, z_),                \
                    hi_ = _mm_unpackhi_epi8(v, z_);                                          \
            if (sizeof(T) == 2) {                                                            \
                _mm_storeu_si128((__m128i *)(at), lo_);                                      \
                _mm_storeu_si128((__m128i *)(at) + 1, hi_);                                  \
            } else {                                                                         \
                _mm_storeu_si128((__m128i *)(at), _mm_unpacklo_epi16(lo_, z_));              \
                _mm_storeu_si128((__m128i *)(at) + 1, _mm_unpackhi_epi16(lo_, z_));          \
                _mm_storeu_si128((__m128i *)(at) + 2, _mm_unpacklo_epi16(hi_, z_));          \
                _mm_storeu_si128((__m128i *)(at) + 3, _mm_unpackhi_epi16(hi_, z_));          \
            }                                                                                \
        }                                                                                    \
    } while (0)
#define UTF8_ASCII_RUN(T)                                                                    \
    while (i + 32 <= n && j + 32 <= chars) { /* 32 ASCII bytes a step */                     \
        __m128i a = _mm_loadu_si128((const __m128i *)(s + i)),                               \
                b = _mm_loadu_si128((const __m128i *)(s + i + 16));                          \
        if (_mm_movemask_epi8(_mm_or_si128(a, b)))                                           \
            break;                                                                           \
        UTF8_WIDEN_STORE(T, a, out + j);                                                     \
        UTF8_WIDEN_STORE(T, b, out + j + 16);                                                \
        i += 32;                                                                             \
        j += 32;                                                                             \
    }                                                                                        \
    while (i + 16 <= n && j + 16 <= chars) {                                                 \
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));                               \
        int m = _mm_movemask_epi8(v);                                                        \
        UTF8_WIDEN_STORE(T, v, out + j);                                                     \
        if (m) {                                                                             \
            int k = __builtin_ctz((unsigned)m);                                              \
            i += k;                                                                          \
            j += k;                                                                          \
            break;                                                                           \
        }                                                                                    \
        i += 16;                                                                             \
        j += 16;                                                                             \
    }
#else
#define UTF8_ASCII_RUN(T)
#endif

#define UTF8_FILL(T)                                                                         \
    static void utf8_fill_##T(const unsigned char *s, Py_ssize_t n, T *out, Py_ssize_t chars) \
    {                                                                                        \
        Py_ssize_t i = 0, j = 0;                                                             \
        for (;;) {                                                                           \
            UTF8_ASCII_RUN(T)                                                                \
            while (i < n && s[i] < 0x80)                                                     \
                out[j++] = (T)s[i++];                                                        \
            if (i >= n)                                                                      \
                break;                                                                       \
            do {                                                                             \
                unsigned c = s[i];                                                           \
                if (c < 0xE0) {                                                              \
                    out[j++] = (T)(((c & 0x1F) << 6) | (s[i + 1] & 0x3F));                   \
                    i += 2;                                                                  \
                } else if (c < 0xF0) {                                                       \
                    out[j++] = (T)(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |           \
                                   (s[i + 2] & 0x3F));                                       \
                    i += 3;                                                                  \
                } else {                                                                     \
                    out[j++] = (T)(((Py_UCS4)(c & 0x07) << 18) |                             \
                                   ((Py_UCS4)(s[i + 1] & 0x3F) << 12) |                      \
                                   ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F));            \
                    i += 4;                                                                  \
                }                                                                            \
            } while (i < n && s[i] >= 0x80);                                                 \
        }                                                                                    \
    }

UTF8_FILL(Py_UCS1)
UTF8_FILL(Py_UCS2)
UTF8_FILL(Py_UCS4)

static PyObject *
utf8_text(PyObject *self, PyObject *data)
{
    if (!PyBytes_Check(data))
        return PyErr_Format(PyExc_TypeError, "utf8_text needs bytes, not %.100s",
                            Py_TYPE(data)->tp_name);
    const unsigned char *s = (const unsigned char *)PyBytes_AS_STRING(data);
    Py_ssize_t n = PyBytes_GET_SIZE(data), chars = 0;
    Py_UCS4 top = 0;
    if (!utf8_scan(s, n, &chars, &top))
        Py_RETURN_NONE;
    PyObject *text = PyUnicode_New(chars, top);
    if (text == NULL || chars == 0)
        return text;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        utf8_fill_Py_UCS1(s, n, PyUnicode_1BYTE_DATA(text), chars);
        break;
    case PyUnicode_2BYTE_KIND:
        utf8_fill_Py_UCS2(s, n, PyUnicode_2BYTE_DATA(text), chars);
        break;
    default:
        utf8_fill_Py_UCS4(s, n, PyUnicode_4BYTE_DATA(text), chars);
    }
    if (chars == 1 && PyUnicode_READ_CHAR(text, 0) < 0x100) {
        /* the codec's answer is the interpreter's shared one-character str */
        Py_UCS4 c = PyUnicode_READ_CHAR(text, 0);
        Py_DECREF(text);
        return PyUnicode_FromOrdinal(c);
    }
    return text;
}

static PyMethodDef methods[] = {
    {"utf8_text", utf8_text, METH_O,
     "utf8_text(data): data.decode('utf-8') when data is strictly valid UTF-8, else None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_utf8", NULL, -1, methods};

PyMODINIT_FUNC PyInit__utf8(void)
{
    return PyModule_Create(&module);
}
