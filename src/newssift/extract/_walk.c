/* The DOM walk of newssift.extract.blocks in C: same lines, same element arrays.
 *
 * blocks.walk_py is the reference; this file does what it does, step for step, over
 * lexbor's tree directly instead of through one Python object per node. It needs no lexbor
 * headers: the few lexbor functions it calls are looked up at run time (dlsym) in the
 * selectolax extension already loaded (it exports them; the "_noi" accessors are lexbor's
 * own non-inline ABI), and the root node comes from LexborNode.mem_id. If any of them is
 * missing, setup() fails and blocks.py keeps the Python walk.
 *
 * What is decided in Python stays in Python, called from here: the class/id words of a new
 * attribute key that is not plain ASCII or names a WordPress post (blocks._words_of_key; the
 * cache is read here first, and the common keys are split here, key_words, whose tokens are
 * made once each, token_str), a style that might
 * hide (blocks._style_hides) and the paywall exemption (blocks._paywall_exempt). Whitespace
 * is judged with the same predicate as str.isspace/str.strip/str.split (Py_UNICODE_ISSPACE).
 * A line's text is squeezed as walk_py's " ".join(text.split()) squeezes it (squeeze), its
 * size counted as blocks.text_size counts it (text_size_c), and its Line's slots filled as the
 * dataclass __init__ fills them (line_slots); tests/extract/test_flush_native.py holds these
 * equal to the Python forms. (setup still takes blocks.text_size, no longer called here.)
 *
 * Also here, apart from the walk: depth_bound, guard.depth_bound_py's '<' scan, compiled (and
 * count_and_bound, the same scan also counting the '<', which guard_html needs; and
 * long_tag, guard.long_tag_py's search for a start tag too long to hold few attributes); add_up,
 * body.score_elements' sums (and, given no weights, body._line_weights); in_chrome,
 * body._in_chrome_py's pass over the lines (tests/extract/test_exact_cuts.py holds both equal
 * to the Python).
 * tests/extract/test_guard_native.py holds key_words and depth_bound equal to Python.
 * At the end: raw_cut, rawcut.raw_cut_py's script/style cut before the parse, and
 * holds_empty_raw, rawcut.reads_cut's test on meta_pass's nodes (tests/extract/test_rawcut.py).
 *
 * What the passes share is written once: over a lexbor tree, set_up, document_of and the
 * pre-order step after_subtree (AFTER_SUBTREE); over the page's lines, fields_ready and
 * line_field (a Line's slot, or its attribute), line_path, line_text, element_at and
 * place_in_path; each pass keeps one exit path that releases what it holds (free_refs for an
 * array of references, grown for every growing array).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

typedef void node_t;
/* the small helpers of the passes' inner loops: always inlined, as the code they replace was */
#define ALWAYS_INLINE inline __attribute__((always_inline))
typedef void attr_t;

static node_t *(*f_first_child)(node_t *);
static node_t *(*f_next)(node_t *);
static node_t *(*f_parent)(node_t *);
static uintptr_t (*f_tag_id)(node_t *);
static int (*f_type)(node_t *);
static const unsigned char *(*f_qname)(node_t *, size_t *);
static attr_t *(*f_first_attr)(node_t *);
static attr_t *(*f_next_attr)(attr_t *);
static const unsigned char *(*f_attr_qname)(attr_t *, size_t *);
static const unsigned char *(*f_attr_value)(attr_t *, size_t *);
static unsigned char *(*f_text_content)(node_t *, size_t *);
static void *(*f_destroy_text)(node_t *, unsigned char *);
static const unsigned char *(*f_attr_lname)(attr_t *, size_t *);

#define NODE_ELEMENT 1
#define NODE_DOCUMENT 9
#define TAG_TEXT 2
#define SPECIAL_TAGS 8

static PyObject *special_names[SPECIAL_TAGS]; /* selectolax's names of tag ids < 8 */
static PyObject *skip_set, *block_set, *inline_set;
static PyObject *line_type, *word_cache, *words_of_key, *style_hides, *paywall_exempt;
static PyObject *text_size_fn, *empty_words;
static PyObject *s_empty, *s_space, *s_body, *s_a, *s_br, *s_hr, *s_img, *s_none, *kw_size;
static int ready = 0;
static void clear_tag_cache(void);
static void key_table_clear(void);

/* lexbor's node struct (lxb_dom_node_t) and a text node's (lxb_dom_character_data_t: the
 * node, then its text as a lexbor_str_t), as selectolax's lexbor.pxd declares them, for what
 * has no exported accessor or costs a copy through one: an element's namespace (meta_pass)
 * and a text node's bytes (the walk). Each use is checked first against the accessors
 * (layout_ok: on the root of every call; text_layout_ok: on the first text nodes of the
 * process against lxb_dom_node_text_content's copy); a mismatch keeps the accessors. */
typedef struct {
    void *events;
    uintptr_t local_name, prefix, ns;
    void *owner_document;
    node_t *next, *prev, *parent, *first_child, *last_child;
    void *user;
    int type;
} node_layout;
typedef struct {
    node_layout node;
    const unsigned char *data;
    size_t length;
} text_layout;
#define NS_HTML 2

static int
layout_ok(node_t *n)
{
    node_layout *l = (node_layout *)n;
    return l->local_name == f_tag_id(n) && l->next == f_next(n) && l->parent == f_parent(n) &&
           l->first_child == f_first_child(n) && l->type == f_type(n);
}

/* 0 not yet known, > 0 the number of text nodes whose struct bytes matched the copy (read
 * directly from TEXT_CHECKS on), -1 they differed: the copy is always taken */
#define TEXT_CHECKS 8
static int text_direct = 0;

/* The bytes of a text node (its data, not a copy) when the layout is known good, else
 * NULL. A node's bytes are compared with lxb_dom_node_text_content's copy until
 * TEXT_CHECKS non-empty ones matched (the length first: a struct read at the wrong offset
 * fails there before its pointer is followed). */
static const unsigned char *
text_bytes(node_t *node, size_t *len)
{
    if (text_direct >= TEXT_CHECKS) {
        text_layout *t = (text_layout *)node;
        *len = t->length;
        return t->data;
    }
    return NULL;
}

static void
text_check(node_t *node, const unsigned char *raw, size_t len)
{
    if (text_direct < 0 || text_direct >= TEXT_CHECKS || len == 0 || !layout_ok(node))
        return;
    text_layout *t = (text_layout *)node;
    if (t->length == len && t->data != NULL && memcmp(t->data, raw, len) == 0)
        text_direct++;
    else
        text_direct = -1;
}

/* Where a Line keeps its fields, when it is a slots dataclass whose fields are plain object
 * slots (text, link_chars, tag, path, index, size, in that order): flush() then
 * fills a new Line's slots itself, as the dataclass __init__ would (its __post_init__ does
 * nothing when size is given, and size > 0 for a non-empty text), instead of calling the
 * class. line_off[0] < 0: call the class. */
#define LINE_FIELDS 6
enum { F_TEXT, F_LINK_CHARS, F_TAG, F_PATH, F_INDEX, F_SIZE };
static const char *const line_fields[LINE_FIELDS] = {"text", "link_chars", "tag", "path", "index",
                                               "size"};
static Py_ssize_t line_off[LINE_FIELDS] = {-1, -1, -1, -1, -1, -1};
/* field i's slot of a Line whose slots flush fills (line_off[0] >= 0) */
#define LINE_SLOT(line, i) (*(PyObject **)((char *)(line) + line_off[i]))
/* line is such a Line: its fields are read from their slots (LINE_SLOT) */
#define SLOTTED_LINE(line) (line_off[0] >= 0 && Py_IS_TYPE((line), (PyTypeObject *)line_type))
/* the fields' names as str, interned once by fields_ready for line_field's attribute reads */
static PyObject *field_names[LINE_FIELDS];

/* 0 when field_names is filled, -1 on error; every pass that reads Lines calls it first. */
static int
fields_ready(void)
{
    for (int i = 0; i < LINE_FIELDS; i++)
        if (field_names[i] == NULL &&
            (field_names[i] = PyUnicode_InternFromString(line_fields[i])) == NULL)
            return -1;
    return 0;
}

/* The offsets in class t of its n fields (names in fields; named: __slots__ must list them
 * in that order) into off: 0 when t's __slots__ holds n names and each field is a plain
 * writable object slot (a new object's slots are then filled as the dataclass __init__
 * fills them), -1 when not (off left as it was). */
static int
slot_offsets(PyTypeObject *t, const char *const *fields, int n, int named, Py_ssize_t *off)
{
    PyObject *slots = PyDict_GetItemString(t->tp_dict, "__slots__");
    if (slots == NULL || !PyTuple_Check(slots) || PyTuple_GET_SIZE(slots) != n ||
        t->tp_alloc == NULL)
        return -1;
    Py_ssize_t found[8]; /* n <= 8 */
    for (int i = 0; i < n; i++) {
        PyObject *name = PyTuple_GET_ITEM(slots, i);
        if (named &&
            (!PyUnicode_Check(name) || PyUnicode_CompareWithASCIIString(name, fields[i])))
            return -1;
        PyObject *d = PyDict_GetItemString(t->tp_dict, fields[i]);
        if (d == NULL || !Py_IS_TYPE(d, &PyMemberDescr_Type))
            return -1;
        PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
        if (m->type != T_OBJECT_EX || (m->flags & READONLY))
            return -1;
        found[i] = m->offset;
    }
    memcpy(off, found, n * sizeof(Py_ssize_t));
    return 0;
}

static void
line_slots(void)
{
    line_off[0] = -1;
    if (PyType_Check(line_type))
        slot_offsets((PyTypeObject *)line_type, line_fields, LINE_FIELDS, 0, line_off);
}

/* Two functions here join the words of a text by single spaces: squeeze (" ".join(s.split()),
 * a word a run of non-whitespace) and norm_words (metadata.norm_words, a word a run of word
 * characters, lowered). Each makes two passes over the text's code units, written once here
 * for both and once per string kind by the caller (a typed read per character instead of
 * PyUnicode_READ's switch on the kind): WORDS_COUNT sizes the result (out characters, the
 * widest maxc; ON_GAP(c) sees each character between words), WORDS_JOIN writes it (j
 * characters). IS_GAP(c): c is no word's character (tested first, as squeeze always did);
 * MAP(c): the character a word's character becomes. Both read data[0:n] and keep in_word;
 * WORDS_BY_KINDS runs WORDS_JOIN for the text's kind and the result's (never wider than the
 * text's: its characters are the text's mapped, and ' '). */
#define WORDS_COUNT(T, IS_GAP, MAP, ON_GAP)                                                  \
    do {                                                                                     \
        const T *d_ = (const T *)data;                                                       \
        for (Py_ssize_t i = 0; i < n; i++) {                                                 \
            Py_UCS4 c = d_[i];                                                               \
            if (IS_GAP(c)) {                                                                 \
                in_word = 0;                                                                 \
                ON_GAP(c);                                                                   \
            } else {                                                                         \
                if (!in_word && out > 0)                                                     \
                    out++;                                                                   \
                out++;                                                                       \
                in_word = 1;                                                                 \
                c = MAP(c);                                                                  \
                if (c > maxc)                                                                \
                    maxc = c;                                                                \
            }                                                                                \
        }                                                                                    \
    } while (0)
#define WORDS_JOIN(T, R, IS_GAP, MAP)                                                        \
    do {                                                                                     \
        const T *d_ = (const T *)data;                                                       \
        R *r_ = (R *)rdata;                                                                  \
        for (Py_ssize_t i = 0; i < n; i++) {                                                 \
            Py_UCS4 c = d_[i];                                                               \
            if (IS_GAP(c)) {                                                                 \
                in_word = 0;                                                                 \
            } else {                                                                         \
                if (!in_word && j > 0)                                                       \
                    r_[j++] = ' ';                                                           \
                r_[j++] = (R)MAP(c);                                                         \
                in_word = 1;                                                                 \
            }                                                                                \
        }                                                                                    \
    } while (0)
#define WORDS_BY_KINDS(kind, rkind, IS_GAP, MAP)                                            \
    do {                                                                                     \
        if ((rkind) == PyUnicode_1BYTE_KIND) {                                               \
            if ((kind) == PyUnicode_1BYTE_KIND)                                              \
                WORDS_JOIN(Py_UCS1, Py_UCS1, IS_GAP, MAP);                                  \
            else if ((kind) == PyUnicode_2BYTE_KIND)                                         \
                WORDS_JOIN(Py_UCS2, Py_UCS1, IS_GAP, MAP);                                  \
            else                                                                             \
                WORDS_JOIN(Py_UCS4, Py_UCS1, IS_GAP, MAP);                                  \
        } else if ((rkind) == PyUnicode_2BYTE_KIND) {                                        \
            if ((kind) == PyUnicode_2BYTE_KIND)                                              \
                WORDS_JOIN(Py_UCS2, Py_UCS2, IS_GAP, MAP);                                  \
            else                                                                             \
                WORDS_JOIN(Py_UCS4, Py_UCS2, IS_GAP, MAP);                                  \
        } else {                                                                             \
            WORDS_JOIN(Py_UCS4, Py_UCS4, IS_GAP, MAP);                                      \
        }                                                                                    \
    } while (0)
#define AS_IS(c) (c)
/* Py_UNICODE_ISSPACE, the first 256 code points by table: the macro calls a function for
 * every non-ASCII character, and squeeze asks it of every character of every line (for a
 * one-byte text the compiler keeps the table alone); test_flush_native checks every code
 * point */
static const unsigned char latin1_space[256] = {
    [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x1C] = 1,
    [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x20] = 1, [0x85] = 1, [0xA0] = 1};
#define IS_SPACE(c) ((Py_UCS4)(c) < 256 ? latin1_space[(Py_UCS4)(c)] : Py_UNICODE_ISSPACE(c))
#define NOTE_OTHER_SPACE(c)                                                                  \
    do {                                                                                     \
        if ((c) != ' ')                                                                      \
            other_space = 1;                                                                 \
    } while (0)

/* squeeze's counting pass over code units of type T, one function per string kind */
#define SQUEEZE_SCAN(T)                                                                      \
    static void squeeze_scan_##T(const T *data, Py_ssize_t n, Py_ssize_t *out_n,             \
                                 Py_UCS4 *maxc_out, int *other_out)                          \
    {                                                                                        \
        Py_ssize_t out = 0;                                                                  \
        Py_UCS4 maxc = 0;                                                                    \
        int in_word = 0, other_space = 0;                                                    \
        WORDS_COUNT(T, IS_SPACE, AS_IS, NOTE_OTHER_SPACE);                                  \
        *out_n = out;                                                                        \
        *maxc_out = maxc;                                                                    \
        *other_out = other_space;                                                            \
    }
SQUEEZE_SCAN(Py_UCS1)
SQUEEZE_SCAN(Py_UCS2)
SQUEEZE_SCAN(Py_UCS4)

/* " ".join(s.split()): a new reference, s itself when it is already in that form. The same
 * whitespace as str.split (Py_UNICODE_ISSPACE); the result is sized to its widest character,
 * and one character below U+0100 is the interpreter's shared one, as str functions make
 * them. */
static PyObject *
squeeze(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), out = 0;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_UCS4 maxc = 0;
    int in_word = 0, other_space = 0;
    if (kind == PyUnicode_1BYTE_KIND)
        squeeze_scan_Py_UCS1(data, n, &out, &maxc, &other_space);
    else if (kind == PyUnicode_2BYTE_KIND)
        squeeze_scan_Py_UCS2(data, n, &out, &maxc, &other_space);
    else
        squeeze_scan_Py_UCS4(data, n, &out, &maxc, &other_space);
    if (out == n && !other_space)
        return Py_NewRef(s);
    if (out == 0)
        return Py_NewRef(s_empty);
    if (out == 1 && maxc < 0x100)  /* (the one character is maxc) */
        return PyUnicode_FromOrdinal(maxc);
    if (maxc < ' ')
        maxc = ' ';
    PyObject *r = PyUnicode_New(out, maxc);
    if (r == NULL)
        return NULL;
    void *rdata = PyUnicode_DATA(r);
    Py_ssize_t j = 0;
    in_word = 0;
    WORDS_BY_KINDS(kind, PyUnicode_KIND(r), IS_SPACE, AS_IS);
    return r;
}

/* blocks.text_size: the length, Han and kana counted three times, Hangul twice (the
 * character classes of blocks._HAN_KANA and blocks._HANGUL). */
static Py_ssize_t
text_size_c(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), size = n;
    if (PyUnicode_IS_ASCII(s))
        return n;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x1100)
            continue;
        if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
            (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
            (c >= 0xff66 && c <= 0xff9f))
            size += 2;
        else if (c <= 0x11ff || (c >= 0x3130 && c <= 0x318f) || (c >= 0xac00 && c <= 0xd7af))
            size += 1;
    }
    return size;
}

/* A str made once for the life of the process, where it is kept. */
typedef struct {
    PyObject **slot;
    const char *text;
} str_name;

/* Interns each string not made yet, in order: 0, or -1 on error. The last one made means
 * all are (no other list holds it), and is all that is looked at on later calls. */
static int
intern_each(const str_name *names, size_t n)
{
    if (*names[n - 1].slot != NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (*names[i].slot == NULL &&
            (*names[i].slot = PyUnicode_InternFromString(names[i].text)) == NULL)
            return -1;
    return 0;
}

static int
load(void *lib, const char *name, void **out)
{
    *out = dlsym(lib, name);
    if (*out == NULL) {
        PyErr_Format(PyExc_ImportError, "lexbor function %s not found", name);
        return -1;
    }
    return 0;
}

/* setup(so_path, tag_names, skip, block, inline, Line, cache, words_of_key, style_hides,
 *       paywall_exempt, text_size, empty_words) */
static PyObject *
setup(PyObject *self, PyObject *args)
{
    const char *path;
    PyObject *names;
    if (!PyArg_ParseTuple(args, "sOOOOOOOOOOO", &path, &names, &skip_set, &block_set,
                          &inline_set, &line_type, &word_cache, &words_of_key, &style_hides,
                          &paywall_exempt, &text_size_fn, &empty_words))
        return NULL;
    void *lib = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (lib == NULL)
        lib = dlopen(path, RTLD_NOW);
    if (lib == NULL) {
        PyErr_Format(PyExc_ImportError, "cannot open %s", path);
        return NULL;
    }
    static const struct {
        const char *name;
        void **fn;
    } needed[] = {
        {"lxb_dom_node_first_child_noi", (void **)&f_first_child},
        {"lxb_dom_node_next_noi", (void **)&f_next},
        {"lxb_dom_node_parent_noi", (void **)&f_parent},
        {"lxb_dom_node_tag_id_noi", (void **)&f_tag_id},
        {"lxb_dom_node_type_noi", (void **)&f_type},
        {"lxb_dom_element_qualified_name", (void **)&f_qname},
        {"lxb_dom_element_first_attribute_noi", (void **)&f_first_attr},
        {"lxb_dom_element_next_attribute_noi", (void **)&f_next_attr},
        {"lxb_dom_attr_qualified_name", (void **)&f_attr_qname},
        {"lxb_dom_attr_value_noi", (void **)&f_attr_value},
        {"lxb_dom_node_text_content", (void **)&f_text_content},
        {"lxb_dom_document_destroy_text_noi", (void **)&f_destroy_text},
    };
    for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
        if (load(lib, needed[i].name, needed[i].fn) < 0)
            return NULL;
    /* meta_pass's alone (it is off without it; the walk is not) */
    f_attr_lname = dlsym(lib, "lxb_dom_attr_local_name_noi");
    PyObject *text_key = PyLong_FromLong(TAG_TEXT);
    if (text_key == NULL)
        return NULL;
    PyObject *text_name = PyDict_GetItemWithError(names, text_key);
    Py_DECREF(text_key);
    if (text_name == NULL || !PyUnicode_Check(text_name) ||
        PyUnicode_CompareWithASCIIString(text_name, "-text") != 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ImportError, "selectolax names text nodes differently");
        return NULL;
    }
    for (int i = 0; i < SPECIAL_TAGS; i++) {
        PyObject *key = PyLong_FromLong(i);
        if (key == NULL)
            return NULL;
        PyObject *v = PyDict_GetItemWithError(names, key);
        Py_DECREF(key);
        if (v == NULL && PyErr_Occurred())
            return NULL;
        Py_XINCREF(v);
        Py_XSETREF(special_names[i], v);
    }
    key_table_clear(); /* its words came from the helpers of an earlier setup */
    PyObject *keep[] = {skip_set, block_set, inline_set, line_type, word_cache, words_of_key,
                        style_hides, paywall_exempt, text_size_fn, empty_words};
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        Py_INCREF(keep[i]); /* held for the life of the process */
    static const str_name walk_strings[] = {
        {&s_empty, ""}, {&s_space, " "}, {&s_body, "body"}, {&s_a, "a"}, {&s_br, "br"},
        {&s_hr, "hr"}, {&s_img, "img"}, {&s_none, "none"},
    };
    if (intern_each(walk_strings, sizeof(walk_strings) / sizeof(walk_strings[0])) < 0 ||
        (kw_size == NULL && (kw_size = Py_BuildValue("(s)", "size")) == NULL))
        return NULL;
    line_slots();
    clear_tag_cache(); /* the sets may be new ones */
    ready = 1;
    Py_RETURN_NONE;
}

static PyObject *
decode(const unsigned char *data, size_t len)
{
    return PyUnicode_DecodeUTF8((const char *)data, (Py_ssize_t)len, "replace");
}

/* 1 when setup() has run, else 0 with a RuntimeError: the passes over a tree ask first. */
static int
set_up(void)
{
    if (!ready)
        PyErr_SetString(PyExc_RuntimeError, "_walk.setup() was not called");
    return ready;
}

/* The document node above node (whose text copies it frees), or NULL when the topmost
 * ancestor is no document. */
static node_t *
document_of(node_t *node)
{
    while (f_parent(node) != NULL)
        node = f_parent(node);
    return f_type(node) == NODE_DOCUMENT ? node : NULL;
}

/* The pre-order walk under a root, one step: the node after node's subtree in document order
 * (the next sibling of node or of its nearest ancestor below root), NULL past the root's
 * last descendant. A pass visits root, or its first child, then goes on with
 * ``node = child != NULL ? child : AFTER(node, root)``. Written once for lexbor's accessors
 * (after_subtree) and once for its node struct read directly (after_subtree_direct, as
 * meta_pass reads it once layout_ok has held). */
#define AFTER_SUBTREE(NAME, NEXT, PARENT)                                                    \
    static inline node_t *NAME(node_t *node, node_t *root)                                   \
    {                                                                                        \
        while (node != root && NEXT(node) == NULL)                                           \
            node = PARENT(node);                                                             \
        return node == root ? NULL : NEXT(node);                                             \
    }
#define DIRECT_NEXT(n) (((node_layout *)(n))->next)
#define DIRECT_PARENT(n) (((node_layout *)(n))->parent)
AFTER_SUBTREE(after_subtree, f_next, f_parent)
AFTER_SUBTREE(after_subtree_direct, DIRECT_NEXT, DIRECT_PARENT)

/* selectolax's LexborNode.tag: a new reference, Py_None for a nameless node */
static PyObject *
tag_of(node_t *node)
{
    uintptr_t id = f_tag_id(node);
    if (id < SPECIAL_TAGS && special_names[id] != NULL)
        return Py_NewRef(special_names[id]);
    if (f_type(node) != NODE_ELEMENT)
        return Py_NewRef(Py_None);
    size_t len = 0;
    const unsigned char *name = f_qname(node, &len);
    if (name == NULL)
        return Py_NewRef(Py_None);
    return decode(name, len);
}

/* What the walk asks of a tag name, as bits: in the inline, skip or block set, "a", one of
 * br/hr/img, a name that is not empty and does not start with '-'. */
enum { C_INLINE = 1, C_SKIP = 2, C_BLOCK = 4, C_A = 8, C_BREAK = 16, C_PLAIN = 32 };

static int
classify(PyObject *tag)
{
    if (tag == Py_None)
        return 0;
    int in_inline = PySet_Contains(inline_set, tag), in_skip = PySet_Contains(skip_set, tag);
    int in_block = PySet_Contains(block_set, tag);
    if (in_inline < 0 || in_skip < 0 || in_block < 0)
        return -1;
    int c = (in_inline ? C_INLINE : 0) | (in_skip ? C_SKIP : 0) | (in_block ? C_BLOCK : 0);
    if (PyUnicode_CompareWithASCIIString(tag, "a") == 0)
        c |= C_A;
    if (PyUnicode_CompareWithASCIIString(tag, "br") == 0 ||
        PyUnicode_CompareWithASCIIString(tag, "hr") == 0 ||
        PyUnicode_CompareWithASCIIString(tag, "img") == 0)
        c |= C_BREAK;
    if (PyUnicode_GET_LENGTH(tag) > 0 && PyUnicode_READ_CHAR(tag, 0) != '-')
        c |= C_PLAIN;
    return c;
}

/* Element names seen before, by lexbor tag id (the ids of the standard tags are small), with
 * the name's bytes: a node whose qualified name has the same bytes gets the same str (the
 * same decoding of the same bytes) and the same classify() bits, without decoding the name
 * and hashing it into three sets again. The bytes are compared on every use, so a prefixed
 * or case-kept name that shares its tag id with another is never taken for it. */
#define TAG_CACHE 256
#define TAG_BYTES 24
typedef struct {
    PyObject *name;
    size_t len;
    int cls;
    unsigned char bytes[TAG_BYTES];
} tag_slot;
static tag_slot tag_cache[TAG_CACHE];
static int special_cls[SPECIAL_TAGS] = {-1, -1, -1, -1, -1, -1, -1, -1}; /* -1: not yet */

static void
clear_tag_cache(void)
{
    for (int i = 0; i < TAG_CACHE; i++)
        Py_CLEAR(tag_cache[i].name);
    for (int i = 0; i < SPECIAL_TAGS; i++)
        special_cls[i] = -1;
}

/* tag_of(node) (a new reference) and its classify() bits in *cls; NULL on error. */
static PyObject *
tag_and_class(node_t *node, int *cls)
{
    uintptr_t id = f_tag_id(node);
    if (id < SPECIAL_TAGS && special_names[id] != NULL) { /* tag_of's names of these ids */
        if (special_cls[id] < 0 && (special_cls[id] = classify(special_names[id])) < 0)
            return NULL;
        *cls = special_cls[id];
        return Py_NewRef(special_names[id]);
    }
    /* an element name of at most TAG_BYTES bytes is kept by tag id: a later element of the
       id with the same name bytes takes the kept str and bits */
    tag_slot *slot = NULL;
    const unsigned char *name = NULL;
    size_t len = 0;
    if (id < TAG_CACHE && f_type(node) == NODE_ELEMENT) {
        name = f_qname(node, &len);
        if (name != NULL && len <= TAG_BYTES) {
            slot = &tag_cache[id];
            if (slot->name != NULL && slot->len == len && memcmp(slot->bytes, name, len) == 0) {
                *cls = slot->cls;
                return Py_NewRef(slot->name);
            }
        }
    }
    PyObject *t = slot != NULL ? decode(name, len) : tag_of(node);
    if (t == NULL)
        return NULL;
    int c = classify(t);
    if (c < 0) {
        Py_DECREF(t);
        return NULL;
    }
    if (slot != NULL) {
        Py_XSETREF(slot->name, Py_NewRef(t));
        slot->len = len;
        slot->cls = c;
        memcpy(slot->bytes, name, len);
    }
    *cls = c;
    return t;
}

static int
all_space(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (n == 0)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            return 0;
    return 1;
}

static Py_ssize_t
stripped_len(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0, j;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    while (i < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
        i++;
    j = n;
    while (j > i && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1)))
        j--;
    return j - i;
}

/* A growable array of Py_ssize_t (the element stack, the block stack, the kinds). */
typedef struct {
    Py_ssize_t *v;
    Py_ssize_t n, cap;
} vec;

/* Releases the n references of an array of them (NULL items allowed) and the array. */
static void
free_refs(PyObject **a, Py_ssize_t n)
{
    if (a != NULL)
        for (Py_ssize_t i = 0; i < n; i++)
            Py_XDECREF(a[i]);
    PyMem_Free(a);
}

/* The array v of items of size bytes with room for *cap of them, its room doubled (first:
 * the room of a new one): the new array (*cap updated), or NULL with a MemoryError (v is
 * then left as it was). The growing arrays of the passes all grow by it. */
static __attribute__((noinline)) void *
grown(void *v, Py_ssize_t *cap, Py_ssize_t first, size_t size)
{
    Py_ssize_t room = *cap ? 2 * *cap : first;
    void *nv = PyMem_Realloc(v, (size_t)room * size);
    if (nv == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    *cap = room;
    return nv;
}

static int
push(vec *s, Py_ssize_t x)
{
    if (s->n == s->cap) {
        Py_ssize_t *v = grown(s->v, &s->cap, 64, sizeof(Py_ssize_t));
        if (v == NULL)
            return -1;
        s->v = v;
    }
    s->v[s->n++] = x;
    return 0;
}

/* What each open element the walk went into is (its kinds entry), undone when it closes: an
 * inline element, a link (link_depth), an element on the stack, a block (on both stacks). */
enum { OPEN_INLINE, OPEN_LINK, OPEN_ELEMENT, OPEN_BLOCK };

typedef struct {
    PyObject *lines, *tags, *words, *pieces;
    vec stack, blocks, kinds;
    Py_ssize_t link_chars;
    /* ids[k]: the int k of element k, made once when the element opens and shared by the
       paths of all its lines (not one new int per line and level) */
    PyObject **ids;
    Py_ssize_t n_ids, cap_ids;
    /* the last line's path and the stack changes since (a line in the same open elements
       takes the same tuple) */
    PyObject *last_path;
    Py_ssize_t last_bpos;
    int stack_moved;
} state;

/* element k's int in st->ids (k is the next element: ids are made in order) */
static int
add_id(state *st, Py_ssize_t k)
{
    if (k != st->n_ids) {
        PyErr_SetString(PyExc_SystemError, "walk: element ids out of order");
        return -1;
    }
    if (st->n_ids == st->cap_ids) {
        PyObject **v = grown(st->ids, &st->cap_ids, 256, sizeof(PyObject *));
        if (v == NULL)
            return -1;
        st->ids = v;
    }
    PyObject *x = PyLong_FromSsize_t(k);
    if (x == NULL)
        return -1;
    st->ids[st->n_ids++] = x;
    st->stack_moved = 1;
    return 0;
}

static int
flush(state *st)
{
    Py_ssize_t np = PyList_GET_SIZE(st->pieces);
    if (np == 0)
        return 0;
    PyObject *joined = np == 1 ? Py_NewRef(PyList_GET_ITEM(st->pieces, 0))
                               : PyUnicode_Join(s_empty, st->pieces);
    if (joined == NULL)
        return -1;
    PyObject *text = squeeze(joined);
    Py_DECREF(joined);
    if (text == NULL)
        return -1;
    int rc = 0;
    Py_ssize_t tlen = PyUnicode_GET_LENGTH(text);
    if (tlen > 0) {
        Py_ssize_t bpos = st->blocks.n ? st->blocks.v[st->blocks.n - 1] : st->stack.n - 1;
        PyObject *path = NULL, *tag = NULL, *size = NULL, *lc = NULL, *index = NULL,
                 *line = NULL;
        if (!st->stack_moved && st->last_path != NULL && st->last_bpos == bpos) {
            path = Py_NewRef(st->last_path);
        } else {
            path = PyTuple_New(bpos + 1);
            if (path == NULL) {
                rc = -1;
                goto done;
            }
            for (Py_ssize_t i = 0; i <= bpos; i++)
                PyTuple_SET_ITEM(path, i, Py_NewRef(st->ids[st->stack.v[i]]));
            Py_XSETREF(st->last_path, Py_NewRef(path));
            st->last_bpos = bpos;
            st->stack_moved = 0;
        }
        if (bpos >= 0)
            tag = Py_NewRef(PyList_GET_ITEM(st->tags, st->stack.v[bpos]));
        else
            tag = Py_NewRef(s_body);
        size = PyLong_FromSsize_t(text_size_c(text));
        lc = PyLong_FromSsize_t(st->link_chars < tlen ? st->link_chars : tlen);
        index = PyLong_FromSsize_t(PyList_GET_SIZE(st->lines));
        if (size == NULL || lc == NULL || index == NULL) {
            rc = -1;
            goto done;
        }
        if (line_off[0] >= 0) {
            PyTypeObject *t = (PyTypeObject *)line_type;
            line = t->tp_alloc(t, 0);
            if (line == NULL) {
                rc = -1;
                goto done;
            }
            PyObject *vals[LINE_FIELDS] = {text, lc, tag, path, index, size};
            for (int i = 0; i < LINE_FIELDS; i++)
                LINE_SLOT(line, i) = Py_NewRef(vals[i]);
        } else {
            PyObject *argv[] = {text, lc, tag, path, index, size};
            line = PyObject_Vectorcall(line_type, argv, 5, kw_size);
        }
        if (line == NULL || PyList_Append(st->lines, line) < 0)
            rc = -1;
    done:
        Py_XDECREF(path);
        Py_XDECREF(tag);
        Py_XDECREF(size);
        Py_XDECREF(lc);
        Py_XDECREF(index);
        Py_XDECREF(line);
    }
    Py_DECREF(text);
    if (rc == 0 && PyList_SetSlice(st->pieces, 0, np, NULL) < 0)
        rc = -1;
    st->link_chars = 0;
    return rc;
}

/* A space between two text pieces of a line: one " " piece, none at a line's start. */
static int
add_space(state *st)
{
    return PyList_GET_SIZE(st->pieces) ? PyList_Append(st->pieces, s_space) : 0;
}

static int
name_is(const unsigned char *name, size_t len, const char *want)
{
    size_t n = strlen(want);
    return len == n && memcmp(name, want, n) == 0;
}

/* The class/id tokens key_words made before, each once: an open-addressing table from a
 * token's bytes to its str, whose hash the str already caches (it went into a set), so a
 * token seen on an earlier element or page is neither allocated nor hashed again. The table
 * is emptied when three quarters full (it holds at most TOKEN_CAP * 3 / 4 strings). */
#define TOKEN_CAP (1 << 15)
static struct {
    uint64_t h;
    PyObject *s;
} token_table[TOKEN_CAP];
static Py_ssize_t token_count = 0;

/* The str of an ASCII token buf[:len] (new reference), or NULL on error. */
static PyObject *
token_str(const char *buf, Py_ssize_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (Py_ssize_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    size_t at = (size_t)h & (TOKEN_CAP - 1);
    while (token_table[at].s != NULL) {
        PyObject *t = token_table[at].s;
        if (token_table[at].h == h && PyUnicode_GET_LENGTH(t) == len &&
            memcmp(PyUnicode_DATA(t), buf, (size_t)len) == 0)
            return Py_NewRef(t);
        at = (at + 1) & (TOKEN_CAP - 1);
    }
    PyObject *t = PyUnicode_FromStringAndSize(buf, len);
    if (t == NULL)
        return NULL;
    if (PyObject_Hash(t) == -1) { /* cached in the str from here on */
        Py_DECREF(t);
        return NULL;
    }
    if (token_count >= TOKEN_CAP / 4 * 3) {
        for (size_t i = 0; i < TOKEN_CAP; i++)
            Py_CLEAR(token_table[i].s);
        token_count = 0;
        at = (size_t)h & (TOKEN_CAP - 1);
    }
    token_table[at].h = h;
    token_table[at].s = Py_NewRef(t);
    token_count++;
    return t;
}

/* blocks._words_of_key for an ASCII key that names no WordPress post (the common case):
 * the runs of [a-z0-9] of the key lower-cased, a break also between a lower-case and an
 * upper-case letter (``storyBody``), as a frozenset filled in the order Python's comprehension
 * fills it, untracked by the cyclic collector (it holds str objects alone). Returns a new
 * reference, Py_None when the key needs the Python function (a
 * non-ASCII key: str.lower() can turn some non-ASCII letters into ASCII ones; or one
 * with the class hentry, type-post or status-publish, whose topic classes are dropped), or NULL on
 * error. */
static PyObject *
key_words(PyObject *key)
{
    if (!PyUnicode_IS_ASCII(key))
        return Py_NewRef(Py_None);
    const char *s = (const char *)PyUnicode_DATA(key);
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    /* blocks._WP_POST: one of the three as a whole whitespace-separated class (Python's \s
       on ASCII is Py_UNICODE_ISSPACE); "menu-item-type-post_type" holds one as a substring
       alone, and is split here like any other key */
    static const char *wp[3] = {"hentry", "type-post", "status-publish"};
    for (int k = 0; k < 3; k++) {
        size_t m = strlen(wp[k]);
        for (Py_ssize_t i = 0; i + (Py_ssize_t)m <= n; i++)
            if (s[i] == wp[k][0] && memcmp(s + i, wp[k], m) == 0 &&
                (i == 0 || Py_UNICODE_ISSPACE((Py_UCS4)(unsigned char)s[i - 1])) &&
                (i + (Py_ssize_t)m == n ||
                 Py_UNICODE_ISSPACE((Py_UCS4)(unsigned char)s[i + m])))
                return Py_NewRef(Py_None);
    }
    PyObject *words = PyFrozenSet_New(NULL);
    if (words == NULL)
        return NULL;
    char small[256];
    char *buf = n <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(n);
    if (buf == NULL) {
        Py_DECREF(words);
        return PyErr_NoMemory();
    }
    Py_ssize_t len = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ' ';
        int upper = c >= 'A' && c <= 'Z';
        int camel = upper && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z';
        int keep = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if ((!keep || camel) && len > 0) {
            PyObject *t = token_str(buf, len);
            if (t == NULL || PySet_Add(words, t) < 0) {
                Py_XDECREF(t);
                Py_CLEAR(words);
                break;
            }
            Py_DECREF(t);
            len = 0;
        }
        if (keep)
            buf[len++] = upper ? (char)(c - 'A' + 'a') : c;
    }
    if (buf != small)
        PyMem_Free(buf);
    /* a frozenset of str objects can be in no reference cycle: the cyclic collector need
     * not visit it (the cache keeps up to 50,000 of them, each visited on every full
     * collection otherwise), as CPython itself stops tracking tuples and dicts of atoms */
    if (words != NULL)
        PyObject_GC_UnTrack(words);
    return words;
}

/* 1 when the argument of the function named who is a str, else 0 with a TypeError. */
static int
is_str(PyObject *s, const char *who)
{
    if (PyUnicode_Check(s))
        return 1;
    PyErr_Format(PyExc_TypeError, "%s needs a str", who);
    return 0;
}

static PyObject *
key_words_py(PyObject *self, PyObject *key)
{
    return is_str(key, "key_words") ? key_words(key) : NULL;
}

/* blocks._words_of_key with its cache write: key_words, or the Python function. */
static PyObject *
words_of(PyObject *key)
{
    PyObject *words = key_words(key);
    if (words == NULL)
        return NULL;
    if (words == Py_None) {
        Py_DECREF(words);
        return PyObject_CallOneArg(words_of_key, key);
    }
    if (PyDict_GET_SIZE(word_cache) > 50000) /* as blocks._words_of_key */
        PyDict_Clear(word_cache);
    if (PyDict_SetItem(word_cache, key, words) < 0) {
        Py_DECREF(words);
        return NULL;
    }
    return words;
}

/* The key memo: an element's words by the bytes of its key attributes. element_words made
 * each key's str (a decode per attribute, a join when there are several), hashed it and looked
 * it up in blocks' _WORD_CACHE for every element that has one, though most keys repeat within
 * a page and across a site's pages. This table maps the non-empty values' bytes, each with the
 * attribute it came from and its length, to the word set made for them the first time: the
 * words are a function of those bytes alone. Emptied when three quarters full, and by setup. */
#define KEY_CAP (1 << 14)
typedef struct {
    uint64_t h;
    unsigned char *key;
    size_t len;
    PyObject *words;
} key_slot;
static key_slot key_table[KEY_CAP];
static Py_ssize_t key_count = 0;

static void
key_table_clear(void)
{
    for (size_t i = 0; i < KEY_CAP; i++) {
        PyMem_Free(key_table[i].key);
        key_table[i].key = NULL;
        key_table[i].len = 0;
        key_table[i].h = 0;
        Py_CLEAR(key_table[i].words);
    }
    key_count = 0;
}

static uint64_t
hash_key_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        h = (h ^ x) * 1099511628211ULL;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    while (n--)
        h = (h ^ *p++) * 1099511628211ULL;
    return h ^ (h >> 29);
}

/* The slot of key bytes kbuf[:klen] (hash kh) in key_table: the one holding them (*found
 * 1), else the free one where they would go (*found 0). */
static inline size_t
key_probe(uint64_t kh, const unsigned char *kbuf, size_t klen, int *found)
{
    size_t at = (size_t)kh & (KEY_CAP - 1);
    while (key_table[at].key != NULL) {
        if (key_table[at].h == kh && key_table[at].len == klen &&
            memcmp(key_table[at].key, kbuf, klen) == 0) {
            *found = 1;
            return at;
        }
        at = (at + 1) & (KEY_CAP - 1);
    }
    *found = 0;
    return at;
}

/* blocks._is_link: an <a> is a link unless it is a named anchor, a name and no href (a
 * fragment's target, not a link; an old page left open wraps the story in it). */
static int
is_link(node_t *node)
{
    int has_name = 0;
    for (attr_t *a = f_first_attr(node); a != NULL; a = f_next_attr(a)) {
        size_t len = 0;
        const unsigned char *name = f_attr_qname(a, &len);
        if (name == NULL)
            continue;
        if (name_is(name, len, "href"))
            return 1;
        if (name_is(name, len, "name"))
            has_name = 1;
    }
    return !has_name;
}

/* The attributes walk_py reads, as selectolax's .attributes dict gives them (the last of
 * equal names wins). Returns the element's words (new reference) and sets *hidden, or
 * NULL on error. */
static PyObject *
element_words(node_t *node, int *hidden)
{
    attr_t *found[6] = {NULL, NULL, NULL, NULL, NULL, NULL}; /* class id itemprop role style */
    int has_hidden = 0;
    static const char *wanted[5] = {"class", "id", "itemprop", "role", "style"};
    for (attr_t *a = f_first_attr(node); a != NULL; a = f_next_attr(a)) {
        size_t len = 0;
        const unsigned char *name = f_attr_qname(a, &len);
        if (name == NULL)
            continue;
        if (name_is(name, len, "hidden")) {
            has_hidden = 1;
            continue;
        }
        for (int i = 0; i < 5; i++)
            if (name_is(name, len, wanted[i])) {
                found[i] = a;
                break;
            }
    }
    /* the key: non-empty values of class, id, itemprop, role joined by one space; first
       looked up by their bytes (the key memo above) */
    PyObject *key = NULL, *words = NULL;
    unsigned char kbuf_small[512], *kbuf = NULL;
    const unsigned char *vals[4];
    size_t lens[4], klen = 0;
    for (int i = 0; i < 4; i++) {
        vals[i] = NULL;
        lens[i] = 0;
        if (found[i] == NULL)
            continue;
        size_t vlen = 0;
        const unsigned char *v = f_attr_value(found[i], &vlen);
        if (v == NULL || vlen == 0)
            continue;
        vals[i] = v;
        lens[i] = vlen;
        klen += 1 + sizeof(size_t) + vlen;
    }
    uint64_t kh = 0;
    size_t kat = 0;
    if (klen > 0) {
        kbuf = klen <= sizeof(kbuf_small) ? kbuf_small : PyMem_Malloc(klen);
        if (kbuf == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        size_t o = 0;
        for (int i = 0; i < 4; i++) {
            if (vals[i] == NULL)
                continue;
            kbuf[o++] = (unsigned char)i;
            memcpy(kbuf + o, &lens[i], sizeof(size_t));
            o += sizeof(size_t);
            memcpy(kbuf + o, vals[i], lens[i]);
            o += lens[i];
        }
        kh = hash_key_bytes(kbuf, klen);
        int known;
        kat = key_probe(kh, kbuf, klen, &known);
        if (known)
            words = Py_NewRef(key_table[kat].words);
    }
    for (int i = 0; i < 4 && words == NULL; i++) {
        if (vals[i] == NULL)
            continue;
        PyObject *s = decode(vals[i], lens[i]);
        if (s == NULL)
            goto fail;
        if (PyUnicode_GET_LENGTH(s) == 0) {
            Py_DECREF(s);
            continue;
        }
        if (key == NULL) {
            key = s;
        } else {
            PyObject *pair = PyTuple_Pack(2, key, s);
            Py_DECREF(s);
            if (pair == NULL)
                goto fail;
            PyObject *joined = PyUnicode_Join(s_space, pair);
            Py_DECREF(pair);
            Py_SETREF(key, joined);
            if (key == NULL)
                goto fail;
        }
    }
    if (words != NULL) {
        /* found by the key's bytes */
    } else if (key == NULL) {
        words = Py_NewRef(empty_words);
    } else {
        words = PyDict_GetItemWithError(word_cache, key);
        if (words != NULL)
            Py_INCREF(words);
        else if (PyErr_Occurred())
            goto fail;
        else if ((words = words_of(key)) == NULL)
            goto fail;
        /* remembered by the key's bytes; the free slot is found again, as words_of may have
           run Python code (and another thread's walk) since the lookup */
        if (key_count >= KEY_CAP / 4 * 3)
            key_table_clear();
        int known;
        kat = key_probe(kh, kbuf, klen, &known);
        if (!known) {
            unsigned char *copy = PyMem_Malloc(klen);
            if (copy == NULL) {
                PyErr_NoMemory();
                goto fail;
            }
            memcpy(copy, kbuf, klen);
            key_table[kat].h = kh;
            key_table[kat].key = copy;
            key_table[kat].len = klen;
            key_table[kat].words = Py_NewRef(words);
            key_count++;
        }
    }
    if (kbuf != NULL && kbuf != kbuf_small) {
        PyMem_Free(kbuf);
        kbuf = NULL;
    }
    int h = has_hidden;
    if (!h && found[4] != NULL) {
        size_t vlen = 0;
        const unsigned char *v = f_attr_value(found[4], &vlen);
        if (v != NULL && vlen > 0) {
            PyObject *style = decode(v, vlen);
            if (style == NULL)
                goto fail;
            Py_ssize_t at = PyUnicode_Find(style, s_none, 0, PY_SSIZE_T_MAX, 1);
            if (at == -2) {
                Py_DECREF(style);
                goto fail;
            }
            if (at >= 0) {
                PyObject *r = PyObject_CallOneArg(style_hides, style);
                if (r == NULL) {
                    Py_DECREF(style);
                    goto fail;
                }
                h = PyObject_IsTrue(r);
                Py_DECREF(r);
            }
            Py_DECREF(style);
            if (h < 0)
                goto fail;
        }
    }
    if (h) {
        PyObject *r = PyObject_CallOneArg(paywall_exempt, words);
        if (r == NULL)
            goto fail;
        int exempt = PyObject_IsTrue(r);
        Py_DECREF(r);
        if (exempt < 0)
            goto fail;
        if (exempt)
            h = 0;
    }
    Py_XDECREF(key);
    *hidden = h;
    return words;
fail:
    if (kbuf != NULL && kbuf != kbuf_small)
        PyMem_Free(kbuf);
    Py_XDECREF(key);
    Py_XDECREF(words);
    return NULL;
}

/* walk(root_mem_id, root_tag, root_words, max_nodes) -> (lines, tags, words) */
static PyObject *
walk(PyObject *self, PyObject *args)
{
    unsigned long long root_id;
    PyObject *root_tag, *root_words;
    Py_ssize_t max_nodes;
    if (!PyArg_ParseTuple(args, "KOOn", &root_id, &root_tag, &root_words, &max_nodes) ||
        !set_up())
        return NULL;
    node_t *root = (node_t *)(uintptr_t)root_id;
    node_t *doc = document_of(root);

    state st = {0};
    st.lines = PyList_New(0);
    st.tags = PyList_New(0);
    st.words = PyList_New(0);
    st.pieces = PyList_New(0);
    PyObject *result = NULL, *tag = NULL;
    Py_ssize_t link_depth = 0, seen = 0;
    if (!st.lines || !st.tags || !st.words || !st.pieces)
        goto out;
    if (PyList_Append(st.tags, root_tag) < 0 || PyList_Append(st.words, root_words) < 0 ||
        push(&st.stack, 0) < 0 || push(&st.blocks, 0) < 0 || add_id(&st, 0) < 0)
        goto out;

    node_t *node = f_first_child(root);
    while (node != NULL) {
        seen++;
        if (seen > max_nodes)
            break;
        node_t *child = NULL;
        if (f_tag_id(node) == TAG_TEXT) {
            size_t len = 0;
            const unsigned char *direct = text_bytes(node, &len);
            unsigned char *raw = direct ? NULL : f_text_content(node, &len);
            /* a text node of ASCII whitespace alone ("\n    " between two tags, most text
               nodes of a page): its decoding is the same bytes, all_space of it is true, so it
               adds the one " " piece below without being decoded */
            int blank = direct != NULL && len > 0;
            for (size_t i = 0; blank && i < len; i++)
                blank = direct[i] < 128 && Py_UNICODE_ISSPACE((Py_UCS4)direct[i]);
            if (blank) {
                if (add_space(&st) < 0)
                    goto out;
            } else if (direct != NULL || raw != NULL) {
                PyObject *t = decode(direct ? direct : raw, len);
                if (raw != NULL) {
                    text_check(node, raw, len);
                    if (doc != NULL)
                        f_destroy_text(doc, raw);
                }
                if (t == NULL)
                    goto out;
                if (PyUnicode_GET_LENGTH(t) > 0) {
                    if (all_space(t)) {
                        if (add_space(&st) < 0) {
                            Py_DECREF(t);
                            goto out;
                        }
                    } else {
                        if (PyList_Append(st.pieces, t) < 0) {
                            Py_DECREF(t);
                            goto out;
                        }
                        if (link_depth)
                            st.link_chars += stripped_len(t);
                    }
                }
                Py_DECREF(t);
            }
        } else {
            int cls = 0;
            tag = tag_and_class(node, &cls);
            if (tag == NULL)
                goto out;
            if (cls & C_INLINE) {
                child = f_first_child(node);
                if (child != NULL) {
                    int is_a = (cls & C_A) != 0 && is_link(node);
                    if (is_a)
                        link_depth++;
                    if (push(&st.kinds, is_a ? OPEN_LINK : OPEN_INLINE) < 0)
                        goto out;
                }
            } else if (tag != Py_None) {
                int is_skip = (cls & C_SKIP) != 0, is_block = (cls & C_BLOCK) != 0;
                if (is_skip) {
                    if (is_block && PyList_GET_SIZE(st.pieces) && flush(&st) < 0)
                        goto out;
                } else if (is_block || (cls & C_PLAIN)) {
                    if (is_block && PyList_GET_SIZE(st.pieces) && flush(&st) < 0)
                        goto out;
                    if (!is_block || !(cls & C_BREAK)) {
                        child = f_first_child(node);
                        if (child != NULL) {
                            int hidden = 0;
                            PyObject *w = element_words(node, &hidden);
                            if (w == NULL)
                                goto out;
                            if (hidden) {
                                child = NULL;
                            } else {
                                if (add_id(&st, PyList_GET_SIZE(st.tags)) < 0 ||
                                    push(&st.stack, PyList_GET_SIZE(st.tags)) < 0 ||
                                    PyList_Append(st.tags, tag) < 0 ||
                                    PyList_Append(st.words, w) < 0) {
                                    Py_DECREF(w);
                                    goto out;
                                }
                                if (is_block) {
                                    if (push(&st.blocks, st.stack.n - 1) < 0 ||
                                        push(&st.kinds, OPEN_BLOCK) < 0) {
                                        Py_DECREF(w);
                                        goto out;
                                    }
                                } else if (push(&st.kinds, OPEN_ELEMENT) < 0) {
                                    Py_DECREF(w);
                                    goto out;
                                }
                            }
                            Py_DECREF(w);
                        }
                    }
                }
            }
            Py_CLEAR(tag);
        }
        if (child != NULL) {
            node = child;
            continue;
        }
        /* move to the next sibling, closing elements on the way up */
        for (;;) {
            node_t *nxt = f_next(node);
            if (nxt != NULL) {
                node = nxt;
                break;
            }
            if (st.kinds.n == 0) {
                node = NULL;
                break;
            }
            node = f_parent(node);
            Py_ssize_t kind = st.kinds.v[--st.kinds.n];
            if (kind == OPEN_BLOCK) {
                if (PyList_GET_SIZE(st.pieces) && flush(&st) < 0)
                    goto out;
                st.blocks.n--;
                st.stack.n--;
                st.stack_moved = 1;
            } else if (kind == OPEN_ELEMENT) {
                st.stack.n--;
                st.stack_moved = 1;
            } else if (kind == OPEN_LINK) {
                link_depth--;
            }
        }
    }
    if (flush(&st) < 0)
        goto out;
    result = PyTuple_Pack(3, st.lines, st.tags, st.words);
out:
    Py_XDECREF(tag);
    Py_XDECREF(st.lines);
    Py_XDECREF(st.tags);
    Py_XDECREF(st.words);
    Py_XDECREF(st.pieces);
    PyMem_Free(st.stack.v);
    PyMem_Free(st.blocks.v);
    PyMem_Free(st.kinds.v);
    free_refs(st.ids, st.n_ids);
    Py_XDECREF(st.last_path);
    return result;
}

/* guard.depth_bound without the regex and numpy: every '<' followed by an ASCII letter,
 * or by '/' and an ASCII letter, whose name (the run of word characters from that letter,
 * word as the regex module's \b judges it: str.isalnum() or '_') is not one of guard._FLAT
 * in any ASCII case, is +1 (start) or -1 (end, never below 0); the answer is the deepest
 * point. The flat names come from guard.py (depth_bound_setup), so the two lists cannot
 * part. */
#define FLAT_MAX 64
static int flat_count = -1;
/* the flat names packed as little-endian integers of their (at most 8) letters, by first
 * letter, so that a tag name is one integer compared with the few that start as it does */
static uint64_t flat_packed[26][FLAT_MAX];
static int flat_first_n[26];
/* an ASCII character's lower-case form when it is a word character (letter, digit, '_'),
 * else 0 */
static unsigned char flat_word[128];

static PyObject *
depth_bound_setup(PyObject *self, PyObject *names)
{
    PyObject *seq = PySequence_Fast(names, "a sequence of names");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > FLAT_MAX) {
        Py_DECREF(seq);
        return PyErr_Format(PyExc_ValueError, "more than %d flat names", FLAT_MAX);
    }
    uint64_t packed[FLAT_MAX];
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = PySequence_Fast_GET_ITEM(seq, i);
        Py_ssize_t len;
        const char *s = PyUnicode_Check(o) ? PyUnicode_AsUTF8AndSize(o, &len) : NULL;
        int ok = s != NULL && len > 0 && len <= 8;
        packed[i] = 0;
        for (Py_ssize_t j = 0; ok && j < len; j++) {
            ok = s[j] >= 'a' && s[j] <= 'z';
            packed[i] |= (uint64_t)(unsigned char)s[j] << (8 * j);
        }
        if (!ok) {
            Py_DECREF(seq);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError,
                                "flat names are lower-case ASCII words of 1 to 8 letters");
            return NULL;
        }
    }
    for (int c = 0; c < 128; c++)
        flat_word[c] = c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                           ? (unsigned char)c
                           : (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : 0;
    memset(flat_first_n, 0, sizeof flat_first_n);
    for (Py_ssize_t i = 0; i < n; i++) {
        int f = (int)(packed[i] & 0xFF) - 'a';
        flat_packed[f][flat_first_n[f]++] = packed[i];
    }
    flat_count = (int)n;
    Py_DECREF(seq);
    Py_RETURN_NONE;
}

/* Is the tag name from data[at] one of the flat names? A name ends at the first character
 * that is not a word character: past ASCII, one that str.isalnum() rejects (a non-ASCII
 * word character in it makes it no flat name, as does a ninth character: none is longer). */
#define IS_FLAT(T)                                                                           \
    static int is_flat_##T(const T *data, Py_ssize_t at, Py_ssize_t n)                       \
    {                                                                                        \
        uint64_t key = 0;                                                                    \
        int len = 0;                                                                         \
        for (; at < n; at++) {                                                               \
            Py_UCS4 c = data[at];                                                            \
            unsigned char low;                                                               \
            if (c < 128) {                                                                   \
                if ((low = flat_word[c]) == 0)                                               \
                    break;                                                                   \
            } else if (Py_UNICODE_ISALNUM(c)) {                                              \
                return 0;                                                                    \
            } else {                                                                         \
                break;                                                                       \
            }                                                                                \
            if (len == 8)                                                                    \
                return 0;                                                                    \
            key |= (uint64_t)low << (8 * len++);                                             \
        }                                                                                    \
        int f = (int)(key & 0xFF) - 'a';                                                     \
        if (f < 0 || f >= 26)                                                                \
            return 0;                                                                        \
        for (int i = 0; i < flat_first_n[f]; i++)                                            \
            if (flat_packed[f][i] == key)                                                    \
                return 1;                                                                    \
        return 0;                                                                            \
    }

#define ASCII_LETTER(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
IS_FLAT(Py_UCS1)
IS_FLAT(Py_UCS2)
IS_FLAT(Py_UCS4)

/* The nesting step of the '<' at i, shared by the depth bound's scan and the guard's: a
   start tag of a name that is not flat goes one deeper (the deepest kept), its end tag one
   back. Returns 1 when the page ends right after the '<' (the scan stops), else 0. */
#define NEST_STEP(T)                                                                         \
    static inline int nest_step_##T(const T *data, Py_ssize_t i, Py_ssize_t n,               \
                                    long long *depth, long long *deepest)                    \
    {                                                                                        \
        Py_ssize_t a = i + 1;                                                                \
        if (a >= n)                                                                          \
            return 1;                                                                        \
        int closing = data[a] == '/';                                                        \
        if (closing && ++a >= n)                                                             \
            return 1;                                                                        \
        Py_UCS4 c = data[a];                                                                 \
        if (!ASCII_LETTER(c) || is_flat_##T(data, a, n))                                     \
            return 0;                                                                        \
        if (!closing) {                                                                      \
            if (++*depth > *deepest)                                                         \
                *deepest = *depth;                                                           \
        } else if (*depth > 0) {                                                             \
            --*depth;                                                                        \
        }                                                                                    \
        return 0;                                                                            \
    }
NEST_STEP(Py_UCS1)
NEST_STEP(Py_UCS2)
NEST_STEP(Py_UCS4)

/* guard.long_tag_py, compiled: the first index i >= start of a '<' followed by an ASCII
 * letter and n - 1 more code units, none of them the '>' that ends the tag as the tokenizer
 * reads it (tag_end: one in a quoted value does not), whose run to that '>' (or the end)
 * holds n / 2 separators (many_separators) (-1 for none), outside comments (to '-->' or
 * '--!>') and the bodies of the raw-text elements guard._RAW_TEXT where no <svg nor <math is
 * open (foreign_step; guard.foreign_depths), as long_tag_py skips them.
 * A '<' whose tag ends near is passed with every '<' before that end, so each unit is read
 * about once. Bytes are searched as in GUARD_SCAN (a 0x3C / 0x3E byte is a candidate, kept
 * when its code unit is that character). Not noscript: lexbor reads its body as tags. */
static const char *raw_text_names[] = {"script", "style", "textarea", "title", "xmp",
                                       "iframe", "noembed", "noframes", NULL};
static const char *foreign_names[] = {"svg", "math", NULL};
/* guard._HTML_POINTS: where an <svg or <math is open, one that holds more than text freezes
 * the depths open (guard.FROZEN added to the svg depth): an </svg> or </math> in HTML there
 * is ignored by the tree builder, which a count cannot follow. */
static const char *html_point_names[] = {"foreignobject", "desc", "title", "mi", "mo", "mn",
                                         "ms", "mtext", "annotation-xml", NULL};
#define GUARD_FROZEN ((Py_ssize_t)1 << 40)
#define TAG_DELIM(c) ((c) == '\t' || (c) == '\n' || (c) == '\f' || (c) == '\r' || (c) == ' ' \
                      || (c) == '/' || (c) == '>')
enum { LONG_TAG_ON, LONG_TAG_FOUND, LONG_TAG_NONE };
/* The tokenizer's states in a start tag, as far as finding its end needs them (tag_end):
 * the tag name; before an attribute name (also after '/' or a quoted value); in or after a
 * name; before a value; in an unquoted value. A quote before a value opens a quoted one;
 * '>' outside one ends the tag. */
enum { TS_TAG_NAME, TS_BEFORE_NAME, TS_ATTR_NAME, TS_BEFORE_VALUE, TS_UNQUOTED };
enum { TC_OTHER, TC_SPACE, TC_SLASH, TC_EQUALS, TC_QUOTE, TC_GT };
static const unsigned char tag_states[5][5] = {
    /*                 other           space            '/'             '='              quote */
    [TS_TAG_NAME] = {TS_TAG_NAME, TS_BEFORE_NAME, TS_BEFORE_NAME, TS_TAG_NAME, TS_TAG_NAME},
    [TS_BEFORE_NAME] = {TS_ATTR_NAME, TS_BEFORE_NAME, TS_BEFORE_NAME, TS_ATTR_NAME, TS_ATTR_NAME},
    [TS_ATTR_NAME] = {TS_ATTR_NAME, TS_ATTR_NAME, TS_BEFORE_NAME, TS_BEFORE_VALUE, TS_ATTR_NAME},
    [TS_BEFORE_VALUE] = {TS_UNQUOTED, TS_BEFORE_VALUE, TS_UNQUOTED, TS_UNQUOTED, TS_UNQUOTED},
    [TS_UNQUOTED] = {TS_UNQUOTED, TS_BEFORE_NAME, TS_UNQUOTED, TS_UNQUOTED, TS_UNQUOTED},
};
static const unsigned char tag_class[128] = {
    ['\t'] = TC_SPACE, ['\n'] = TC_SPACE, ['\f'] = TC_SPACE, ['\r'] = TC_SPACE, [' '] = TC_SPACE,
    ['/'] = TC_SLASH, ['='] = TC_EQUALS, ['"'] = TC_QUOTE, ['\''] = TC_QUOTE, ['>'] = TC_GT,
};
#define LONG_TAG(T)                                                                          \
    /* the name of names data[at:] starts with, followed by a delimiter (NULL: none) */     \
    static const char *name_of_##T(const T *data, Py_ssize_t at, Py_ssize_t len,             \
                                   const char **names)                                       \
    {                                                                                        \
        if (at >= len)                                                                       \
            return NULL;                                                                     \
        Py_UCS4 first = data[at] | 0x20;                                                     \
        for (int r = 0; names[r] != NULL; r++) {                                             \
            const char *name = names[r];                                                     \
            if ((Py_UCS4)name[0] != first)                                                   \
                continue;                                                                    \
            Py_ssize_t k = 0;                                                                \
            for (; name[k] && at + k < len; k++) {                                           \
                Py_UCS4 c = data[at + k];                                                    \
                if (c >= 'A' && c <= 'Z')                                                    \
                    c += 'a' - 'A';                                                          \
                if (c != (Py_UCS4)name[k])                                                   \
                    break;                                                                   \
            }                                                                                \
            if (name[k] == 0 && at + k < len && TAG_DELIM(data[at + k]))                     \
                return name;                                                                 \
        }                                                                                    \
        return NULL;                                                                         \
    }                                                                                        \
    static const char *raw_name_##T(const T *data, Py_ssize_t at, Py_ssize_t len)            \
    {                                                                                        \
        return name_of_##T(data, at, len, raw_text_names);                                   \
    }                                                                                        \
    /* Where an <svg or <math is open (and not frozen), whether the start tag at k (its    \
     * name at at) freezes the depths: an HTML integration point whose next '<' does not    \
     * open its end tag (it holds more than text: guard._POINT_END). Out of line, and no    \
     * pointer to the depths, which stay in registers: most pages never get here. */        \
    static __attribute__((noinline)) int point_freezes_##T(const T *data, Py_ssize_t k,      \
                                                           Py_ssize_t at, Py_ssize_t len)    \
    {                                                                                        \
        Py_UCS4 c0 = data[at] | 0x20;                                                        \
        if (c0 != 'f' && c0 != 'd' && c0 != 't' && c0 != 'm' && c0 != 'a')                  \
            return 0;                                                                        \
        const char *point = name_of_##T(data, at, len, html_point_names);                    \
        if (point == NULL)                                                                   \
            return 0;                                                                        \
        Py_ssize_t j = k + 1;                                                                \
        while (j < len && data[j] != '<')                                                    \
            j++;                                                                             \
        const char *names[] = {point, NULL};                                                 \
        return !(j + 1 < len && data[j + 1] == '/' && name_of_##T(data, j + 2, len, names)); \
    }                                                                                        \
    /* guard.foreign_depths for the '<' at k: an <svg or <math adds one to *svg or *math, \
     * an end tag takes one off (never below 0); where either is open, an HTML integration  \
     * point whose next '<' is not its end tag adds GUARD_FROZEN to *svg (once). */          \
    static ALWAYS_INLINE void foreign_step_##T(const T *data, Py_ssize_t k, Py_ssize_t len,  \
                                               Py_ssize_t *svg, Py_ssize_t *math)            \
    {                                                                                        \
        Py_ssize_t at = k + 1;                                                               \
        int end = at < len && data[at] == '/';                                               \
        at += end;                                                                           \
        if (at + 1 >= len) /* (a name: 's' 'v' or 'm' 'a' first, most tags are not) */      \
            return;                                                                          \
        Py_UCS4 c0 = data[at] | 0x20, c1 = data[at + 1] | 0x20;                              \
        if (!(c0 == 's' && c1 == 'v') && !(c0 == 'm' && c1 == 'a')) {                        \
            if (__builtin_expect((*svg | *math) != 0, 0) && !end && *svg < GUARD_FROZEN      \
                && point_freezes_##T(data, k, at, len))                                      \
                *svg += GUARD_FROZEN;                                                        \
            return;                                                                          \
        }                                                                                    \
        const char *name = name_of_##T(data, at, len, foreign_names);                        \
        if (name == NULL)                                                                    \
            return;                                                                          \
        Py_ssize_t *depth = name[0] == 's' ? svg : math;                                     \
        if (!end)                                                                            \
            (*depth)++;                                                                      \
        else if (*depth > 0)                                                                 \
            (*depth)--;                                                                      \
    }                                                                                        \
    /* the first index of c in data[from:to] (-1: none) */                                   \
    static ALWAYS_INLINE Py_ssize_t find_unit_##T(const T *data, Py_ssize_t from,            \
                                                  Py_ssize_t to, char c)                     \
    {                                                                                        \
        const char *bytes = (const char *)data;                                              \
        const char *q = bytes + from * sizeof(T), *stop = bytes + to * sizeof(T);            \
        while (q < stop && (q = memchr(q, c, stop - q)) != NULL) {                           \
            Py_ssize_t k = (q - bytes) / (Py_ssize_t)sizeof(T);                              \
            if (data[k] == (T)c)                                                             \
                return k;                                                                    \
            q++;                                                                             \
        }                                                                                    \
        return -1;                                                                           \
    }                                                                                        \
    /* the last index of c in data[from:to] (-1: none) */                                    \
    static ALWAYS_INLINE Py_ssize_t find_last_unit_##T(const T *data, Py_ssize_t from,       \
                                                       Py_ssize_t to, char c)                \
    {                                                                                        \
        const char *bytes = (const char *)data, *lo = bytes + from * sizeof(T);              \
        const char *q = bytes + to * sizeof(T);                                              \
        while (q > lo && (q = memrchr(lo, c, q - lo)) != NULL) {                             \
            Py_ssize_t k = (q - bytes) / (Py_ssize_t)sizeof(T);                              \
            if (data[k] == (T)c && (q - bytes) % (Py_ssize_t)sizeof(T) == 0)                 \
                return k;                                                                    \
        }                                                                                    \
        return -1;                                                                           \
    }                                                                                        \
    /* Whether the quote at q may open a quoted value (a '=' before it, past whitespace,    \
     * after the '<' at i): only such a quote can hide the tag's first '>'. */              \
    static ALWAYS_INLINE int may_open_##T(const T *data, Py_ssize_t i, Py_ssize_t q)          \
    {                                                                                        \
        if (q < 0)                                                                           \
            return 0;                                                                        \
        Py_ssize_t k = q - 1;                                                                \
        while (k > i && (data[k] == ' ' || data[k] == '\n' || data[k] == '\t'                \
                         || data[k] == '\r' || data[k] == '\f'))                             \
            k--;                                                                             \
        return k > i && data[k] == '=';                                                      \
    }                                                                                        \
    /* tag_end's state table, from the '<' at i (kept out of line: a rare path) */         \
    static Py_ssize_t tag_end_slow_##T(const T *data, Py_ssize_t i, Py_ssize_t len)          \
    {                                                                                        \
        int st = TS_TAG_NAME;                                                                \
        for (Py_ssize_t k = i + 1; k < len; k++) {                                           \
            T c = data[k];                                                                   \
            int cls = c < 128 ? tag_class[c] : TC_OTHER;                                     \
            if (cls == TC_GT)                                                                \
                return k;                                                                    \
            if (cls == TC_QUOTE && st == TS_BEFORE_VALUE) {                                  \
                k = find_unit_##T(data, k + 1, len, (char)c);                                \
                if (k < 0)                                                                   \
                    return -1;                                                               \
                st = TS_BEFORE_NAME;                                                         \
                continue;                                                                    \
            }                                                                                \
            st = tag_states[st][cls];                                                        \
        }                                                                                    \
        return -1;                                                                           \
    }                                                                                        \
    /* The '>' that ends the start tag whose '<' is at i, as the WHATWG tokenizer reads it  \
     * (guard._WHOLE_TAG): a '>' in a value quoted after an attribute name's '=' does not   \
     * (-1: the page ends inside the tag). The first '>' ends it unless it is in a quoted   \
     * value, whose opening quote is then the last of its kind before it, right after a '=' \
     * (most tags: no); else the states (tag_states) are read from a table. */              \
    static ALWAYS_INLINE Py_ssize_t tag_end_##T(const T *data, Py_ssize_t i, Py_ssize_t len,   \
                                                Py_ssize_t *sq)                              \
    {                                                                                        \
        Py_ssize_t gt = find_unit_##T(data, i + 1, len, '>');                                \
        if (gt < 0)                                                                          \
            return gt;                                                                       \
        Py_ssize_t dq = gt - 1; /* (the last '"' is most often right before the '>') */     \
        while (dq > i && data[dq] != '"')                                                    \
            dq--;                                                                            \
        if (*sq <= i) { /* *sq: the first "'" after the last tag's '<' (len: none) */        \
            *sq = find_unit_##T(data, i + 1, len, '\'');                                     \
            if (*sq < 0)                                                                     \
                *sq = len;                                                                   \
        }                                                                                    \
        if (!may_open_##T(data, i, dq > i ? dq : -1)                                         \
            && (*sq >= gt                                                                    \
                || !may_open_##T(data, i, find_last_unit_##T(data, i + 1, gt, '\''))))       \
            return gt;                                                                       \
        return tag_end_slow_##T(data, i, len);                                               \
    }                                                                                        \
    /* the index of the first '</name' + delimiter at or after from (-1: none) */            \
    static Py_ssize_t end_tag_##T(const T *data, Py_ssize_t from, Py_ssize_t len,            \
                                  const char *name)                                          \
    {                                                                                        \
        size_t nl = strlen(name);                                                            \
        const char *bytes = (const char *)data, *end = bytes + len * sizeof(T);              \
        const char *p = bytes + from * sizeof(T);                                            \
        while (p < end && (p = memchr(p, '<', end - p)) != NULL) {                           \
            Py_ssize_t k = (p - bytes) / (Py_ssize_t)sizeof(T);                              \
            p = (const char *)(data + k + 1);                                                \
            if (data[k] != '<' || k + 1 >= len || data[k + 1] != '/')                        \
                continue;                                                                    \
            if (raw_name_##T(data, k + 2, len) == name && nl > 0)                            \
                return k;                                                                    \
        }                                                                                    \
        return -1;                                                                           \
    }                                                                                        \
    /* A '<' at i whose tag does not end in the n units after it: whether the run up to    \
     * end (its tag_end, or the page's end) holds at least need separators (whitespace,     \
     * '/', quotes), as every attribute but the first follows one. */                       \
    static int many_separators_##T(const T *data, Py_ssize_t i, Py_ssize_t end,              \
                                   Py_ssize_t need)                                          \
    {                                                                                        \
        Py_ssize_t seps = 0;                                                                 \
        for (Py_ssize_t k = i + 1; k < end; k++) {                                           \
            T c = data[k];                                                                   \
            seps += c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/'  \
                    || c == '"' || c == '\'';                                                \
        }                                                                                    \
        return seps >= need;                                                                 \
    }                                                                                        \
    /* One step of the long-tag search at the '<' at i: LONG_TAG_FOUND (i is the answer's),  \
     * LONG_TAG_NONE (no '<' from here on can be one), or LONG_TAG_ON with *next, the first \
     * unit a later '<' may be looked at from (past a comment, a raw-text body or the tag's \
     * end). A raw-text body is skipped only when skip_raw (the tag is before foreign). */   \
    static ALWAYS_INLINE int long_tag_step_##T(const T *data, Py_ssize_t len, Py_ssize_t n,  \
                                               Py_ssize_t i, int skip_raw, Py_ssize_t *next, \
                                               Py_ssize_t *sq)                               \
    {                                                                                        \
        if (i + 3 < len && data[i + 1] == '!' && data[i + 2] == '-' && data[i + 3] == '-') { \
            if ((i + 4 < len && data[i + 4] == '>')                                          \
                || (i + 5 < len && data[i + 4] == '-' && data[i + 5] == '>')) {              \
                *next = i + 4;                                                               \
                return LONG_TAG_ON;                                                          \
            }                                                                                \
            for (Py_ssize_t k = i + 6; k < len; k++)                                         \
                if (data[k] == '>'                                                           \
                    && ((data[k - 1] == '-' && data[k - 2] == '-')                           \
                        || (k >= i + 7 && data[k - 1] == '!' && data[k - 2] == '-'           \
                            && data[k - 3] == '-'))) {                                       \
                    *next = k + 1;                                                           \
                    return LONG_TAG_ON;                                                      \
                }                                                                            \
            return LONG_TAG_NONE;                                                            \
        }                                                                                    \
        if (i + 1 >= len || !ASCII_LETTER(data[i + 1])) {                                    \
            *next = i + 1;                                                                   \
            return LONG_TAG_ON;                                                              \
        }                                                                                    \
        if (len - 1 - i < n)                                                                 \
            return LONG_TAG_NONE; /* too few units left for any later '<' too */             \
        Py_ssize_t gt = tag_end_##T(data, i, len, sq);                                       \
        if (gt < 0 || gt >= i + 1 + n) {                                                     \
            if (many_separators_##T(data, i, gt < 0 ? len : gt, n / 2))                      \
                return LONG_TAG_FOUND;                                                       \
            if (gt < 0)                                                                      \
                return LONG_TAG_NONE; /* the page ends inside this tag */                    \
        }                                                                                    \
        Py_UCS4 c1 = data[i + 1] | 0x20; /* (an ASCII letter: its lower case) */             \
        const char *raw = skip_raw && (c1 == 's' || c1 == 't' || c1 == 'x' || c1 == 'i'      \
                                       || c1 == 'n')                                         \
                              ? raw_name_##T(data, i + 1, len)                               \
                              : NULL;                                                        \
        if (raw != NULL) {                                                                   \
            Py_ssize_t e = end_tag_##T(data, gt + 1, len, raw);                              \
            if (e < 0)                                                                       \
                return LONG_TAG_NONE;                                                        \
            *next = e + 2;                                                                   \
            return LONG_TAG_ON;                                                              \
        }                                                                                    \
        *next = gt + 1;                                                                      \
        return LONG_TAG_ON;                                                                  \
    }                                                                                        \
    static Py_ssize_t long_tag_##T(const T *data, Py_ssize_t len, Py_ssize_t n,              \
                                   Py_ssize_t start, Py_ssize_t svg, Py_ssize_t math)        \
    {                                                                                        \
        /* every '<' is read for the svg / math depths (from 0 when they are not given);    \
         * the long-tag step only from start and past the last one's comment, body or tag */ \
        Py_ssize_t next = start, sq = -1;                                                    \
        const char *bytes = (const char *)data, *end = bytes + len * sizeof(T), *p = bytes;  \
        if (svg < 0 || math < 0)                                                             \
            svg = math = 0;                                                                  \
        else                                                                                 \
            p = bytes + start * sizeof(T);                                                   \
        while (p < end && (p = memchr(p, '<', end - p)) != NULL) {                           \
            Py_ssize_t i = (p - bytes) / (Py_ssize_t)sizeof(T);                              \
            p++;                                                                             \
            if (data[i] != '<')                                                              \
                continue;                                                                    \
            p = (const char *)(data + i + 1);                                                \
            if (i >= next) {                                                                 \
                int step = long_tag_step_##T(data, len, n, i, svg == 0 && math == 0, &next,  \
                                             &sq);                                           \
                if (step == LONG_TAG_FOUND)                                                  \
                    return i;                                                                \
                if (step == LONG_TAG_NONE)                                                   \
                    return -1;                                                               \
            }                                                                                \
            foreign_step_##T(data, i, len, &svg, &math);                                     \
        }                                                                                    \
        return -1;                                                                           \
    }


LONG_TAG(Py_UCS1)
LONG_TAG(Py_UCS2)
LONG_TAG(Py_UCS4)

/* The one scan of the '<' of data[0:n]: their number in *lts, the deepest point of the
 * +1/-1 walk (nest_step_T; see depth_bound) returned, and with search the long-tag search
 * (as long_tag_T) in *found, which looks at a '<' only from where it left off (past a
 * comment, a raw-text body, or the '>' of the last tag it read), until it finds one.
 * guard_html needs all three; depth_bound and count_and_bound run it without the search.
 * Each '<' is found with memchr over the bytes: a byte 0x3C is a candidate, kept when the
 * code unit holding it is '<' (whatever the byte order, a '<' unit holds one 0x3C byte, and
 * bytes are searched in order, so none is missed). */
#define GUARD_SCAN(T)                                                                        \
    static long long guard_scan_##T(const T *data, Py_ssize_t n, Py_ssize_t limit,           \
                                    int search, Py_ssize_t *lts, Py_ssize_t *found)          \
    {                                                                                        \
        long long depth = 0, deepest = 0;                                                    \
        Py_ssize_t count = 0, next = 0, at = -1, svg = 0, math = 0, sq = -1;                 \
        int searching = search; /* 0: the depth bound's walk alone (depth_bound) */          \
        const char *bytes = (const char *)data, *p = bytes, *end = bytes + n * sizeof(T);    \
        while (p < end && (p = memchr(p, '<', end - p)) != NULL) {                           \
            Py_ssize_t i = (p - bytes) / (Py_ssize_t)sizeof(T);                              \
            if (data[i] != '<') {                                                            \
                p++;                                                                         \
                continue;                                                                    \
            }                                                                                \
            count++;                                                                         \
            p = (const char *)(data + i + 1);                                                \
            if (searching && i >= next) {                                                    \
                int step = long_tag_step_##T(data, n, limit, i, svg == 0 && math == 0,       \
                                             &next, &sq);                                    \
                if (step != LONG_TAG_ON) {                                                   \
                    at = step == LONG_TAG_FOUND ? i : -1;                                    \
                    searching = 0;                                                           \
                }                                                                            \
            }                                                                                \
            if (searching)                                                                   \
                foreign_step_##T(data, i, n, &svg, &math);                                   \
            if (nest_step_##T(data, i, n, &depth, &deepest))                                 \
                break;                                                                       \
        }                                                                                    \
        *lts = count;                                                                        \
        *found = at;                                                                         \
        return deepest;                                                                      \
    }

GUARD_SCAN(Py_UCS1)
GUARD_SCAN(Py_UCS2)
GUARD_SCAN(Py_UCS4)

/* The deepest point of html's walk; with lts, also its number of '<' characters. */
static int
deepest_of(PyObject *html, long long *deepest, Py_ssize_t *lts)
{
    if (!PyUnicode_Check(html)) {
        PyErr_Format(PyExc_TypeError, "depth_bound needs a str, not %.100s",
                     Py_TYPE(html)->tp_name);
        return -1;
    }
    if (flat_count < 0) {
        PyErr_SetString(PyExc_RuntimeError, "depth_bound_setup was not called");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(html);
    const void *data = PyUnicode_DATA(html);
    Py_ssize_t count = 0, found = -1; /* guard_scan's walk with no long-tag search */
    switch (PyUnicode_KIND(html)) {
    case PyUnicode_1BYTE_KIND:
        *deepest = guard_scan_Py_UCS1(data, n, 1, 0, &count, &found);
        break;
    case PyUnicode_2BYTE_KIND:
        *deepest = guard_scan_Py_UCS2(data, n, 1, 0, &count, &found);
        break;
    default:
        *deepest = guard_scan_Py_UCS4(data, n, 1, 0, &count, &found);
    }
    if (lts != NULL)
        *lts = count;
    return 0;
}

static PyObject *
depth_bound(PyObject *self, PyObject *html)
{
    long long deepest;
    if (deepest_of(html, &deepest, NULL) < 0)
        return NULL;
    return PyLong_FromLongLong(deepest);
}

/* (html.count('<'), depth_bound(html)) in the one scan: guard_html needs both. */
static PyObject *
count_and_bound(PyObject *self, PyObject *html)
{
    long long deepest;
    Py_ssize_t lts = 0;
    if (deepest_of(html, &deepest, &lts) < 0)
        return NULL;
    return Py_BuildValue("(nL)", lts, deepest);
}

/* guard.foreign_depths, compiled: (svg, math) at start moved on by every '<' in [start, end). */
#define FOREIGN_DEPTHS(T)                                                                    \
    static void foreign_depths_##T(const T *data, Py_ssize_t len, Py_ssize_t start,          \
                                   Py_ssize_t stop, Py_ssize_t *svg, Py_ssize_t *math)       \
    {                                                                                        \
        const char *bytes = (const char *)data, *end = bytes + stop * sizeof(T);             \
        const char *p = bytes + start * sizeof(T);                                           \
        while (p < end && (p = memchr(p, '<', end - p)) != NULL) {                           \
            Py_ssize_t i = (p - bytes) / (Py_ssize_t)sizeof(T);                              \
            p++;                                                                             \
            if (data[i] != '<')                                                              \
                continue;                                                                    \
            p = (const char *)(data + i + 1);                                                \
            foreign_step_##T(data, i, len, svg, math);                                       \
        }                                                                                    \
    }

FOREIGN_DEPTHS(Py_UCS1)
FOREIGN_DEPTHS(Py_UCS2)
FOREIGN_DEPTHS(Py_UCS4)

static PyObject *
foreign_depths(PyObject *self, PyObject *args)
{
    PyObject *html;
    Py_ssize_t end, svg = 0, math = 0, start = 0;
    if (!PyArg_ParseTuple(args, "Un|(nn)n:foreign_depths", &html, &end, &svg, &math, &start))
        return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(html);
    if (start < 0)
        start = 0;
    if (end > len)
        end = len;
    if (start < end) {
        const void *data = PyUnicode_DATA(html);
        switch (PyUnicode_KIND(html)) {
        case PyUnicode_1BYTE_KIND:
            foreign_depths_Py_UCS1(data, len, start, end, &svg, &math);
            break;
        case PyUnicode_2BYTE_KIND:
            foreign_depths_Py_UCS2(data, len, start, end, &svg, &math);
            break;
        default:
            foreign_depths_Py_UCS4(data, len, start, end, &svg, &math);
        }
    }
    return Py_BuildValue("(nn)", svg, math);
}

/* (html.count('<'), depth_bound(html), long_tag(html, n)) in the one scan. */
static PyObject *
guard_scan(PyObject *self, PyObject *args)
{
    PyObject *html;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "Un:guard_scan", &html, &limit))
        return NULL;
    if (limit < 1) {
        PyErr_SetString(PyExc_ValueError, "guard_scan needs n >= 1");
        return NULL;
    }
    if (flat_count < 0) {
        PyErr_SetString(PyExc_RuntimeError, "depth_bound_setup was not called");
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(html), lts = 0, at = -1;
    const void *data = PyUnicode_DATA(html);
    long long deepest;
    switch (PyUnicode_KIND(html)) {
    case PyUnicode_1BYTE_KIND:
        deepest = guard_scan_Py_UCS1(data, len, limit, 1, &lts, &at);
        break;
    case PyUnicode_2BYTE_KIND:
        deepest = guard_scan_Py_UCS2(data, len, limit, 1, &lts, &at);
        break;
    default:
        deepest = guard_scan_Py_UCS4(data, len, limit, 1, &lts, &at);
    }
    return Py_BuildValue("(nLn)", lts, deepest, at);
}

static PyObject *
long_tag(PyObject *self, PyObject *args)
{
    PyObject *html;
    Py_ssize_t n, start = 0, svg = -1, math = -1;
    if (!PyArg_ParseTuple(args, "Un|nnn:long_tag", &html, &n, &start, &svg, &math))
        return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(html);
    if (n < 1 || start < 0) {
        PyErr_SetString(PyExc_ValueError, "long_tag needs n >= 1 and start >= 0");
        return NULL;
    }
    if (start >= len)
        return PyLong_FromSsize_t(-1);
    const void *data = PyUnicode_DATA(html);
    Py_ssize_t at;
    switch (PyUnicode_KIND(html)) {
    case PyUnicode_1BYTE_KIND:
        at = long_tag_Py_UCS1(data, len, n, start, svg, math);
        break;
    case PyUnicode_2BYTE_KIND:
        at = long_tag_Py_UCS2(data, len, n, start, svg, math);
        break;
    default:
        at = long_tag_Py_UCS4(data, len, n, start, svg, math);
    }
    return PyLong_FromSsize_t(at);
}

/* PyLong_AsSsize_t(x), with an int of one digit read directly on CPython 3.11 (every element
 * index and line number is one): a path's ints are read millions of times a run. Anything
 * else, and every other version, goes to PyLong_AsSsize_t (same value, same errors). */
static inline Py_ssize_t
as_index(PyObject *x)
{
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000 && PyLong_SHIFT <= 30
    if (PyLong_CheckExact(x)) {
        Py_ssize_t size = Py_SIZE(x);
        if (size == 1)
            return (Py_ssize_t)((PyLongObject *)x)->ob_digit[0];
        if (size == 0)
            return 0;
    }
#endif
    return PyLong_AsSsize_t(x);
}

/* A line's field i (F_TEXT...): its slot read directly when flush fills Lines' slots
 * (line_off), else the attribute (fields_ready was called). A new reference, NULL on
 * error. */
static ALWAYS_INLINE PyObject *
line_field(PyObject *line, int i)
{
    if (SLOTTED_LINE(line)) {
        PyObject *v = LINE_SLOT(line, i);
        if (v != NULL)
            return Py_NewRef(v);
    }
    return PyObject_GetAttr(line, field_names[i]);
}

/* A line's path, a tuple of at least min_len items (a new reference), or NULL: on error,
 * or with "<who>: a line's path is not a tuple" (a TypeError) when it is no such tuple. */
static ALWAYS_INLINE PyObject *
line_path(PyObject *line, Py_ssize_t min_len, const char *who)
{
    PyObject *path = line_field(line, F_PATH);
    if (path != NULL && (!PyTuple_Check(path) || (min_len && PyTuple_GET_SIZE(path) < min_len))) {
        Py_DECREF(path);
        PyErr_Format(PyExc_TypeError, "%s: a line's path is not a tuple", who);
        return NULL;
    }
    return path;
}

/* The first place of element e in path, -1 when it is not there, -2 on error. */
static ALWAYS_INLINE Py_ssize_t
place_in_path(PyObject *path, Py_ssize_t e)
{
    Py_ssize_t len = PyTuple_GET_SIZE(path);
    for (Py_ssize_t k = 0; k < len; k++) {
        Py_ssize_t v = as_index(PyTuple_GET_ITEM(path, k));
        if (v == -1 && PyErr_Occurred())
            return -2;
        if (v == e)
            return k;
    }
    return -1;
}

/* A line's text, a str (a new reference), or NULL: on error, or with "<who>: a line's text
 * is no str" (a TypeError, which sends the caller to its Python twin). */
static ALWAYS_INLINE PyObject *
line_text(PyObject *line, const char *who)
{
    PyObject *text = line_field(line, F_TEXT);
    if (text != NULL && !PyUnicode_Check(text)) {
        Py_DECREF(text);
        PyErr_Format(PyExc_TypeError, "%s: a line's text is no str", who);
        return NULL;
    }
    return text;
}

/* path[k] as an element index below n_el (>= 0) into *e: 0, or -1 with an error set (the
 * int's own, or "<who>: element index out of range", an IndexError). */
static ALWAYS_INLINE int
element_at(PyObject *path, Py_ssize_t k, Py_ssize_t n_el, const char *who, Py_ssize_t *e)
{
    *e = as_index(PyTuple_GET_ITEM(path, k));
    if ((size_t)*e >= (size_t)n_el) { /* < 0 (-1 on error) or >= n_el */
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_IndexError, "%s: element index out of range", who);
        return -1;
    }
    return 0;
}

/* text.rstrip()[-1:] in ends: the last character of text that is not whitespace
 * (Py_UNICODE_ISSPACE, as str.rstrip judges it) is one of the characters of ends. */
static int
ends_sentence(PyObject *text, PyObject *ends)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (n > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, n - 1)))
        n--;
    if (n == 0)
        return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, n - 1);
    Py_ssize_t m = PyUnicode_GET_LENGTH(ends);
    int ekind = PyUnicode_KIND(ends);
    const void *edata = PyUnicode_DATA(ends);
    for (Py_ssize_t i = 0; i < m; i++)
        if (PyUnicode_READ(ekind, edata, i) == c)
            return 1;
    return 0;
}

static int
tag_in(PyObject *tag, PyObject *set)
{
    return PyUnicode_Check(tag) ? PySet_Contains(set, tag) : 0;
}

/* body.HEADING_PARAGRAPH (tests/extract/test_exact_cuts.py checks the two agree) */
#define HEADING_PARAGRAPH 200

/* body._weight: the weight of a line of chars characters, links of them link text, sz
 * Latin-letter equivalents, in block tag, whose text ends as text does; the same operations
 * on the same doubles in the same order (so the same double); *w set, -1 on error. */
static int
weight_of(Py_ssize_t chars, long long links, long long sz, PyObject *tag, PyObject *text,
          PyObject *headings, PyObject *ends, double *w)
{
    double density = chars ? (double)links / (double)chars : 1.0;
    double own = (double)sz * (1.0 - density);
    int heading = tag_in(tag, headings);
    if (heading < 0)
        return -1;
    if (heading) {
        /* body.HEADING_PARAGRAPH: a sentence of paragraph length in an <h2>-<h6> weighs as a
         * paragraph */
        if (density > 0.5)
            *w = -(double)links - 30.0;
        else if (own >= HEADING_PARAGRAPH && PyUnicode_Check(tag) &&
                 PyUnicode_CompareWithASCIIString(tag, "h1") != 0 && ends_sentence(text, ends))
            *w = own * (1.0 - density);
        else
            *w = 0.0;
    } else if (density > 0.5) {
        /* volatile: the product rounded on its own, as Python rounds it, never fused with
         * the subtraction into one FMA (compilers may contract a*b-c where FMA exists) */
        volatile double product = -(double)links * 0.6;
        *w = product - 10.0;
    } else if (own >= 80 || (own >= 30 && ends_sentence(text, ends))) {
        *w = own * (1.0 - density);
    } else if (PyUnicode_Check(tag) && (PyUnicode_CompareWithASCIIString(tag, "td") == 0 ||
                                        PyUnicode_CompareWithASCIIString(tag, "th") == 0) &&
               !links) {
        *w = 0.0;
    } else {
        *w = -8.0 - (double)links * 0.5;
    }
    return 0;
}

/* A line's text (a str: TypeError otherwise), link characters and size; new reference to
 * the text, NULL on error. */
static PyObject *
line_counts(PyObject *line, long long *links, long long *sz)
{
    PyObject *text = line_field(line, F_TEXT), *lc = NULL, *size = NULL;
    if (text == NULL)
        return NULL;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "add_up: a line's text is not a str");
        goto fail;
    }
    lc = line_field(line, F_LINK_CHARS);
    size = lc ? line_field(line, F_SIZE) : NULL;
    if (size == NULL)
        goto fail;
    *links = PyLong_AsLongLong(lc);
    *sz = PyLong_AsLongLong(size);
    if ((*links == -1 || *sz == -1) && PyErr_Occurred())
        goto fail;
    Py_DECREF(lc);
    Py_DECREF(size);
    return text;
fail:
    Py_DECREF(text);
    Py_XDECREF(lc);
    Py_XDECREF(size);
    return NULL;
}

/* body._continues: the line nxt (text nxt_text) goes on with the sentence the line (text
 * text, path *path, read here when still NULL: most lines fail the cheaper tests first)
 * leaves open: nxt opening with a lower-case letter, text not ending a sentence, the same
 * path. 1 or 0, -1 on error. */
static int
continues(PyObject *text, PyObject *line, PyObject **path, PyObject *nxt_text, PyObject *nxt,
          PyObject *ends)
{
    if (PyUnicode_GET_LENGTH(nxt_text) == 0 ||
        !Py_UNICODE_ISLOWER(PyUnicode_READ_CHAR(nxt_text, 0)) || ends_sentence(text, ends))
        return 0;
    if (*path == NULL && (*path = line_field(line, F_PATH)) == NULL)
        return -1;
    PyObject *nxt_path = line_field(nxt, F_PATH);
    if (nxt_path == NULL)
        return -1;
    int same = PyObject_RichCompareBool(nxt_path, *path, Py_EQ);
    Py_DECREF(nxt_path);
    return same;
}

/* body._line_weights from line i on: the weight of the run of lines i..*last (each
 * continuing the one before, body._continues) weighed as one line, the spaces between them
 * counted; *last = i when the line runs on into none. -1 on error. */
static int
run_weight(PyObject *lines, Py_ssize_t i, PyObject *headings, PyObject *ends, double *w,
           Py_ssize_t *last)
{
    Py_ssize_t n = PyList_GET_SIZE(lines), j = i;
    PyObject *line = PyList_GET_ITEM(lines, i);
    long long links, sz;
    PyObject *text = line_counts(line, &links, &sz), *path = NULL, *tag = NULL;
    PyObject *cur = text;  /* the run's last text (a new reference) */
    int rc = -1;
    if (text == NULL)
        return -1;
    Py_INCREF(cur);
    Py_ssize_t chars = PyUnicode_GET_LENGTH(text);
    tag = line_field(line, F_TAG);
    if (tag == NULL)
        goto done;
    while (j + 1 < n) {
        PyObject *nxt = PyList_GET_ITEM(lines, j + 1);
        PyObject *nxt_text = line_field(nxt, F_TEXT);
        if (nxt_text == NULL)
            goto done;
        if (!PyUnicode_Check(nxt_text)) {
            Py_DECREF(nxt_text);
            PyErr_SetString(PyExc_TypeError, "add_up: a line's text is not a str");
            goto done;
        }
        /* every line of the run has the first line's path: its path is the run's */
        int c = continues(cur, line, &path, nxt_text, nxt, ends);
        Py_DECREF(nxt_text);
        if (c < 0)
            goto done;
        if (!c)
            break;
        long long l2, s2;
        PyObject *t2 = line_counts(nxt, &l2, &s2);
        if (t2 == NULL)
            goto done;
        chars += PyUnicode_GET_LENGTH(t2) + 1;
        links += l2;
        sz += s2 + 1;
        Py_SETREF(cur, t2);
        j++;
    }
    rc = weight_of(chars, links, sz, tag, cur, headings, ends, w);
    *last = j;
done:
    Py_DECREF(text);
    Py_DECREF(cur);
    Py_XDECREF(path);
    Py_XDECREF(tag);
    return rc;
}

/* body.score_elements' sums: for each line i with weight w = weights[i] (a float), w is
 * added to score[e] for every element e of lines[i].path, and to good[e] too when w > 0; the
 * additions run in the same order as the Python loop, so every sum is the same double.
 * weights None: the weights are body._line_weights', computed here (run_weight: a run of
 * lines a <br> cut one sentence into weighs as one, on its first line's path), given the
 * heading tags (a set) and the sentence-end characters (a str). */
static PyObject *
add_up(PyObject *self, PyObject *args)
{
    PyObject *lines, *weights, *score_list = NULL, *good_list = NULL, *result = NULL;
    PyObject *headings = NULL, *ends = NULL;
    Py_ssize_t n_el;
    double *score = NULL, *good = NULL;
    if (!PyArg_ParseTuple(args, "O!On|OU", &PyList_Type, &lines, &weights, &n_el, &headings,
                          &ends))
        return NULL;
    if (headings != NULL && !PyAnySet_Check(headings))
        return PyErr_Format(PyExc_TypeError, "add_up: the heading tags are not a set");
    Py_ssize_t n = PyList_GET_SIZE(lines);
    if (weights == Py_None) {
        if (headings == NULL || ends == NULL)
            return PyErr_Format(PyExc_TypeError, "add_up: no weights, and no heading tags");
    } else if (!PyList_Check(weights) || PyList_GET_SIZE(weights) != n || n_el < 0)
        return PyErr_Format(PyExc_ValueError, "add_up: %zd lines, weights not a list of as many"
                            " (%zd elements)", n, n_el);
    if (n_el < 0)
        return PyErr_Format(PyExc_ValueError, "add_up: %zd elements", n_el);
    score = PyMem_Calloc(n_el + 1, sizeof(double));
    good = PyMem_Calloc(n_el + 1, sizeof(double));
    if (score == NULL || good == NULL || fields_ready() < 0) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0, last = 0; i < n; i = last + 1) {
        double w;
        last = i;
        if (weights == Py_None) {
            /* a run of lines weighed as one (body._line_weights): its weight on the first
             * line's path, none on the others' */
            if (run_weight(lines, i, headings, ends, &w, &last) < 0)
                goto done;
        } else {
            w = PyFloat_AsDouble(PyList_GET_ITEM(weights, i));
            if (w == -1.0 && PyErr_Occurred())
                goto done;
        }
        if (w == 0.0)
            continue;
        PyObject *path = line_path(PyList_GET_ITEM(lines, i), 0, "add_up");
        if (path == NULL)
            goto done;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(path); k++) {
            Py_ssize_t e;
            if (element_at(path, k, n_el, "add_up", &e) < 0) {
                Py_DECREF(path);
                goto done;
            }
            score[e] += w;
            if (w > 0)
                good[e] += w;
        }
        Py_DECREF(path);
    }
    score_list = PyList_New(n_el);
    good_list = PyList_New(n_el);
    if (score_list == NULL || good_list == NULL)
        goto done;
    for (Py_ssize_t e = 0; e < n_el; e++) {
        PyObject *a = PyFloat_FromDouble(score[e]), *b = PyFloat_FromDouble(good[e]);
        if (a == NULL || b == NULL) {
            Py_XDECREF(a);
            Py_XDECREF(b);
            goto done;
        }
        PyList_SET_ITEM(score_list, e, a);
        PyList_SET_ITEM(good_list, e, b);
    }
    result = PyTuple_Pack(2, score_list, good_list);
done:
    PyMem_Free(score);
    PyMem_Free(good);
    Py_XDECREF(score_list);
    Py_XDECREF(good_list);
    return result;
}

/* The elements of a set, one by one: _PySet_NextEntry where Python exports it (before 3.13;
 * no iterator object per set), else the public iterator. */
#if PY_VERSION_HEX < 0x030D0000
#define SET_EACH_BEGIN(s, key)                                                               \
    {                                                                                        \
        Py_ssize_t pos_ = 0;                                                                 \
        Py_hash_t hash_;                                                                     \
        PyObject *key;                                                                       \
        while (_PySet_NextEntry((s), &pos_, &key, &hash_)) {
#define SET_EACH_END                                                                         \
    }                                                                                        \
    }
#define SET_EACH_FAILED() 0
#else
#define SET_EACH_BEGIN(s, key)                                                               \
    {                                                                                        \
        PyObject *it_ = PyObject_GetIter(s), *key;                                           \
        while (it_ != NULL && (key = PyIter_Next(it_)) != NULL) {                            \
            Py_DECREF(key); /* the set still holds it */
#define SET_EACH_END                                                                         \
    }                                                                                        \
    Py_XDECREF(it_);                                                                         \
    }
#define SET_EACH_FAILED() (PyErr_Occurred() != NULL)
#endif

/* Do frozensets a and b share an element (not a.isdisjoint(b))? -1 on error. */
static int
share(PyObject *a, PyObject *b)
{
    if (PySet_GET_SIZE(a) > PySet_GET_SIZE(b)) {
        PyObject *t = a;
        a = b;
        b = t;
    }
    int r = 0;
    if (PySet_GET_SIZE(a) == 0)
        return 0;
    SET_EACH_BEGIN(a, key)
    if ((r = PySet_Contains(b, key)) != 0)
        break;
    SET_EACH_END
    if (r == 0 && SET_EACH_FAILED())
        return -1;
    return r;
}

/* body._story_words(w) is not empty: w holds a positive word, "text" counting only when w
 * holds no "widget". -1 on error. */
static int
has_story_word(PyObject *w, PyObject *positive, PyObject *widget, PyObject *text)
{
    int found = 0, r = 0;
    SET_EACH_BEGIN(w, key)
    r = PySet_Contains(positive, key);
    if (r > 0) {
        if (!(PyUnicode_Check(key) && PyUnicode_Compare(key, text) == 0))
            found = 1;
        else if ((r = PySet_Contains(w, widget)) == 0)
            found = 1;
    }
    if (found || r < 0)
        break;
    SET_EACH_END
    if (r < 0 || (!found && SET_EACH_FAILED()))
        return -1;
    return found;
}

/* The tag is "footer" (body._in_chrome_py's big regions: the page footer's element, with or
 * without class words). 1 or 0; a tag that is no str is none. */
static int
is_footer(PyObject *tag)
{
    return PyUnicode_Check(tag) && PyUnicode_CompareWithASCIIString(tag, "footer") == 0;
}

/* body._in_chrome_py's pass over the lines, compiled: (flags, big), flags a list of bools
 * per element, big the elements for body._mark_storyless, in the order the Python pass
 * finds them. Arguments: lines, tags, words, good (a list of floats), and the sets
 * NEGATIVE_TAGS, OVERLAY_WORDS, CONTAINER_NEGATIVE_WORDS, BIG_WORDS, POSITIVE_WORDS, then
 * the words "widget" and "text". */
static PyObject *
in_chrome(PyObject *self, PyObject *args)
{
    PyObject *lines, *tags, *words, *good, *neg_tags, *overlay, *cont_neg, *big_words, *positive;
    PyObject *widget, *text;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OOOOOUU", &PyList_Type, &lines, &PyList_Type, &tags,
                          &PyList_Type, &words, &PyList_Type, &good, &neg_tags, &overlay,
                          &cont_neg, &big_words, &positive, &widget, &text))
        return NULL;
    Py_ssize_t n_el = PyList_GET_SIZE(tags);
    if (PyList_GET_SIZE(words) != n_el || PyList_GET_SIZE(good) != n_el)
        return PyErr_Format(PyExc_ValueError, "in_chrome: %zd tags, %zd words, %zd sums", n_el,
                            PyList_GET_SIZE(words), PyList_GET_SIZE(good));
    PyObject *sets[] = {neg_tags, overlay, cont_neg, big_words, positive};
    for (int i = 0; i < 5; i++)
        if (!PyAnySet_Check(sets[i]))
            return PyErr_Format(PyExc_TypeError, "in_chrome: argument %d is not a set", i + 5);
    for (Py_ssize_t e = 0; e < n_el; e++)
        if (!PyFloat_Check(PyList_GET_ITEM(good, e)) ||
            !PyAnySet_Check(PyList_GET_ITEM(words, e)))
            return PyErr_Format(PyExc_TypeError, "in_chrome: element %zd's sum or words", e);
    char *flag = PyMem_Calloc(n_el + 1, 1), *done = PyMem_Calloc(n_el + 1, 1);
    PyObject *big = PyList_New(0), *flags = NULL, *result = NULL;
    if (flag == NULL || done == NULL || big == NULL || fields_ready() < 0) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto out;
    }
    double g0 = n_el ? PyFloat_AS_DOUBLE(PyList_GET_ITEM(good, 0)) : 0.0;
    double limit = n_el ? 0.5 * g0 : 0.0, wide = n_el ? 0.8 * g0 : 0.0;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *path = line_path(PyList_GET_ITEM(lines, i), 1, "in_chrome");
        if (path == NULL)
            goto out;
        Py_ssize_t len = PyTuple_GET_SIZE(path);
        Py_ssize_t *ids = PyMem_Malloc(len * sizeof(Py_ssize_t));
        if (ids == NULL) {
            Py_DECREF(path);
            PyErr_NoMemory();
            goto out;
        }
        int bad = 0;
        for (Py_ssize_t k = 0; k < len; k++) {
            ids[k] = as_index(PyTuple_GET_ITEM(path, k));
            if (ids[k] < 0 || ids[k] >= n_el)
                bad = 1;
        }
        Py_DECREF(path);
        if (bad) {
            PyMem_Free(ids);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "in_chrome: element index out of range");
            goto out;
        }
        if (done[ids[len - 1]]) {
            PyMem_Free(ids);
            continue;
        }
        Py_ssize_t k = len - 1;
        while (k && !done[ids[k - 1]])
            k--;
        int inherited = k ? flag[ids[k - 1]] : 0;
        for (; k < len; k++) {
            Py_ssize_t e = ids[k];
            if (!done[e]) {
                done[e] = 1;
                PyObject *w = PyList_GET_ITEM(words, e);
                double ge = PyFloat_AS_DOUBLE(PyList_GET_ITEM(good, e));
                int wn = PySet_GET_SIZE(w) > 0, r;
                if (inherited) {
                    flag[e] = 1;
                } else if (ge < wide && wn && (r = share(w, overlay)) != 0) {
                    if (r < 0)
                        bad = 1;
                    flag[e] = 1;
                } else {
                    int neg = PySet_Contains(neg_tags, PyList_GET_ITEM(tags, e));
                    if (neg == 0 && wn && (neg = share(w, cont_neg)) > 0) {
                        int story = has_story_word(w, positive, widget, text);
                        neg = story < 0 ? -1 : !story;
                    }
                    if (neg < 0) {
                        bad = 1;
                    } else if (neg) {
                        if (ge < limit) {
                            flag[e] = 1;
                        } else if (ge < wide &&
                                   ((r = is_footer(PyList_GET_ITEM(tags, e))) != 0 ||
                                    (wn && (r = share(w, big_words)) != 0))) {
                            PyObject *x = r > 0 ? PyLong_FromSsize_t(e) : NULL;
                            if (x == NULL || PyList_Append(big, x) < 0)
                                bad = 1;
                            Py_XDECREF(x);
                        }
                    }
                }
                if (bad)
                    break;
            }
            inherited = flag[e];
        }
        PyMem_Free(ids);
        if (bad)
            goto out;
    }
    flags = PyList_New(n_el);
    if (flags == NULL)
        goto out;
    for (Py_ssize_t e = 0; e < n_el; e++)
        PyList_SET_ITEM(flags, e, PyBool_FromLong(flag[e]));
    result = PyTuple_Pack(2, flags, big);
    Py_DECREF(flags);
out:
    PyMem_Free(flag);
    PyMem_Free(done);
    Py_XDECREF(big);
    return result;
}

/* drops.dropped_blocks' loop over the page lines, compiled (drops._drop_scan_py is the
 * reference; tests/extract/test_drops.py holds both equal). Arguments: lines, tags, words,
 * container, kept_ids (a set of line indices), wrappers (a set of elements), line_region
 * (a list per line, or None when the page has no chrome region), text_pos (a list of ints),
 * title_key and title_word (None and "" without a title), then drops' own functions
 * norm_words, _element_reason and _reason, the line rule (or None), the DroppedBlock class,
 * MAX_LINE_CHARS, and _ALL_BLOCK_WORDS and _TAG_REASON (an element without a block word gets
 * its tag's reason here, as _element_reason gives it). Returns (listed, summaries, total) as the Python loop makes them. What is
 * decided by rule stays in Python and is called from here: an element's reason (once per
 * element), a line inside the container without one (_reason: the cleaner's line rules), a
 * line as long as the title (norm_words). */
static PyObject *s_inside, *s_beside, *s_link_list, *s_outside, *s_lower;

static int
drop_strings(void)
{
    static const str_name drop_names[] = {
        {&s_empty, ""}, {&s_inside, "inside"}, {&s_beside, "beside"},
        {&s_link_list, "link_list"}, {&s_outside, "outside_article"}, {&s_lower, "lower"},
    };
    return intern_each(drop_names, sizeof(drop_names) / sizeof(drop_names[0]));
}

/* text[:n] as a new reference (text itself when it is no longer). */
static PyObject *
head_of(PyObject *text, Py_ssize_t n)
{
    if (PyUnicode_GET_LENGTH(text) <= n)
        return Py_NewRef(text);
    return PyUnicode_Substring(text, 0, n);
}

/* Is this line the title (drops' test: about the title's length, holds its first word, and
 * its normal form is the title's)? -1 on error. */
static int
is_title(PyObject *text, PyObject *title_key, PyObject *title_word, PyObject *norm)
{
    Py_ssize_t d = PyUnicode_GET_LENGTH(text) - PyUnicode_GET_LENGTH(title_key);
    if (!(-20 < d && d < 20))
        return 0;
    PyObject *low = PyObject_CallMethodNoArgs(text, s_lower);
    if (low == NULL)
        return -1;
    int has = PyUnicode_Contains(low, title_word);
    Py_DECREF(low);
    if (has <= 0)
        return has;
    PyObject *k = PyObject_CallOneArg(norm, text);
    if (k == NULL)
        return -1;
    int eq = PyObject_RichCompareBool(k, title_key, Py_EQ);
    Py_DECREF(k);
    return eq;
}

/* bisect.bisect_left(a, x) over a list of ints, step for step (so equal even on a list
 * that is not sorted). */
static Py_ssize_t
bisect_ints(const long long *a, Py_ssize_t n, long long x)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = ((size_t)lo + hi) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Where a DroppedBlock keeps its fields (index, line, reason, where, lines), when the class
 * drop_scan is given is a slots dataclass whose fields are plain object slots in that order
 * and that has no __post_init__: drop_scan then fills a new entry's slots itself, as the
 * dataclass __init__ would, instead of calling the class. block_off[0] < 0: call it. The
 * offsets are found once per class (block_seen). */
static const char *const block_fields[5] = {"index", "line", "reason", "where", "lines"};
static Py_ssize_t block_off[5] = {-1, -1, -1, -1, -1};
static PyObject *block_seen = NULL; /* the class block_off was found for (a new reference) */

static void
block_slots(PyObject *cls)
{
    if (cls == block_seen)
        return;
    Py_XDECREF(block_seen);
    block_seen = Py_NewRef(cls);
    block_off[0] = -1;
    if (PyType_Check(cls) && !PyObject_HasAttrString(cls, "__post_init__"))
        slot_offsets((PyTypeObject *)cls, block_fields, 5, 1, block_off);
}

/* DroppedBlock(index, line, reason, where): a new reference, NULL on error. */
static PyObject *
new_block(PyObject *cls, PyObject *index, PyObject *line, PyObject *reason, PyObject *where)
{
    if (block_off[0] < 0) {
        PyObject *argv[4] = {index, line, reason, where};
        return PyObject_Vectorcall(cls, argv, 4, NULL);
    }
    PyTypeObject *t = (PyTypeObject *)cls;
    PyObject *b = t->tp_alloc(t, 0);
    if (b == NULL)
        return NULL;
    PyObject *one = PyLong_FromLong(1);
    if (one == NULL) {
        Py_DECREF(b);
        return NULL;
    }
    PyObject *vals[5] = {index, line, reason, where, one};
    for (int i = 0; i < 5; i++) {
        if (i != 4)
            Py_INCREF(vals[i]);
        *(PyObject **)((char *)b + block_off[i]) = vals[i];
    }
    return b;
}

static PyObject *
drop_scan(PyObject *self, PyObject *args)
{
    PyObject *lines, *tags, *words, *kept_ids, *wrappers, *line_region, *text_pos;
    PyObject *title_key, *title_word, *norm, *element_reason, *reason_fn, *line_rule;
    PyObject *block_cls, *all_words, *tag_reason;
    Py_ssize_t container, max_chars;
    if (!PyArg_ParseTuple(args, "O!O!O!nOOOO!OOOOOOOnOO!", &PyList_Type, &lines, &PyList_Type,
                          &tags, &PyList_Type, &words, &container, &kept_ids, &wrappers,
                          &line_region, &PyList_Type, &text_pos, &title_key, &title_word,
                          &norm, &element_reason, &reason_fn, &line_rule, &block_cls,
                          &max_chars, &all_words, &PyDict_Type, &tag_reason))
        return NULL;
    if (!PyAnySet_Check(kept_ids) || !PyAnySet_Check(wrappers) || !PyAnySet_Check(all_words))
        return PyErr_Format(PyExc_TypeError,
                            "drop_scan: kept_ids, wrappers and all_words must be sets");
    if (line_region != Py_None && !PyList_Check(line_region))
        return PyErr_Format(PyExc_TypeError, "drop_scan: line_region must be a list or None");
    if (title_key != Py_None && !(PyUnicode_Check(title_key) && PyUnicode_Check(title_word)))
        return PyErr_Format(PyExc_TypeError, "drop_scan: title_key and title_word must be str");
    if (drop_strings() < 0)
        return NULL;
    block_slots(block_cls);
    Py_ssize_t n_el = PyList_GET_SIZE(tags), n_pos = PyList_GET_SIZE(text_pos);
    if (PyList_GET_SIZE(words) != n_el)
        return PyErr_Format(PyExc_ValueError, "drop_scan: %zd tags, %zd words", n_el,
                            PyList_GET_SIZE(words));
    PyObject **memo = PyMem_Calloc(n_el + 1, sizeof(PyObject *));
    long long *pos = PyMem_Malloc((n_pos + 1) * sizeof(long long));
    PyObject *listed = PyList_New(0), *summaries = PyDict_New(), *result = NULL;
    PyObject *text = NULL, *path = NULL, *index = NULL;
    Py_ssize_t total = 0;
    if (memo == NULL || pos == NULL || listed == NULL || summaries == NULL ||
        fields_ready() < 0) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t k = 0; k < n_pos; k++) {
        pos[k] = PyLong_AsLongLong(PyList_GET_ITEM(text_pos, k));
        if (pos[k] == -1 && PyErr_Occurred())
            goto out;
    }
    Py_ssize_t n = PyList_GET_SIZE(lines);
    for (Py_ssize_t li = 0; li < n; li++) {
        PyObject *line = PyList_GET_ITEM(lines, li);
        Py_CLEAR(text);
        Py_CLEAR(path);
        Py_CLEAR(index);
        if ((index = line_field(line, F_INDEX)) == NULL)
            goto out;
        int r = PySet_Contains(kept_ids, index);
        if (r < 0)
            goto out;
        if (r)
            continue;
        long long i = PyLong_AsLongLong(index);
        if (i == -1 && PyErr_Occurred())
            goto out;
        if ((text = line_field(line, F_TEXT)) == NULL)
            goto out;
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "drop_scan: a line's text is not a str");
            goto out;
        }
        if (title_key != Py_None) {
            r = is_title(text, title_key, title_word, norm);
            if (r < 0)
                goto out;
            if (r)
                continue;
        }
        total++;
        if ((path = line_path(line, 0, "drop_scan")) == NULL)
            goto out;
        Py_ssize_t len = PyTuple_GET_SIZE(path), place = place_in_path(path, container);
        if (place == -2)
            goto out;
        int inside = place >= 0;
        Py_ssize_t start = inside ? place + 1 : 1;
        if (!inside && line_region != Py_None) {
            if (i < 0 || i >= PyList_GET_SIZE(line_region)) {
                PyErr_SetString(PyExc_IndexError, "drop_scan: line index out of range");
                goto out;
            }
            PyObject *region = PyList_GET_ITEM(line_region, i);
            Py_ssize_t rv = as_index(region);
            if (rv == -1 && PyErr_Occurred())
                goto out;
            if (rv >= 0) {
                PyObject *head = head_of(text, 80);
                if (head == NULL)
                    goto out;
                PyObject *s = PyDict_GetItemWithError(summaries, region);
                if (s == NULL) {
                    PyObject *texts = PyErr_Occurred() ? NULL : PyList_New(1);
                    if (texts == NULL) {
                        Py_DECREF(head);
                        goto out;
                    }
                    PyList_SET_ITEM(texts, 0, head);
                    s = Py_BuildValue("[OiN]", index, 1, texts);
                    if (s == NULL || PyDict_SetItem(summaries, region, s) < 0) {
                        Py_XDECREF(s);
                        goto out;
                    }
                    Py_DECREF(s);
                } else {
                    if (!PyList_Check(s) || PyList_GET_SIZE(s) != 3 ||
                        !PyList_Check(PyList_GET_ITEM(s, 2))) {
                        Py_DECREF(head);
                        PyErr_SetString(PyExc_TypeError, "drop_scan: a summary's form");
                        goto out;
                    }
                    Py_ssize_t cn = as_index(PyList_GET_ITEM(s, 1));
                    PyObject *c = (cn == -1 && PyErr_Occurred()) ? NULL : PyLong_FromSsize_t(cn + 1);
                    if (c == NULL) {
                        Py_DECREF(head);
                        goto out;
                    }
                    PyList_SetItem(s, 1, c);
                    PyObject *texts = PyList_GET_ITEM(s, 2);
                    int bad = PyList_GET_SIZE(texts) < 6 && PyList_Append(texts, head) < 0;
                    Py_DECREF(head);
                    if (bad)
                        goto out;
                }
                continue;
            }
        }
        /* the innermost element of path[start:] that names a reason */
        PyObject *reason = NULL; /* borrowed (memo holds it) or new (owned) */
        int owned = 0;
        for (Py_ssize_t k = len - 1; k >= start; k--) {
            PyObject *eo = PyTuple_GET_ITEM(path, k);
            Py_ssize_t e;
            if (element_at(path, k, n_el, "drop_scan", &e) < 0)
                goto out;
            PyObject *m = memo[e];
            if (m == NULL) {
                r = PySet_Contains(wrappers, eo);
                if (r < 0)
                    goto out;
                PyObject *w = PyList_GET_ITEM(words, e), *tag = PyList_GET_ITEM(tags, e);
                int ask = 1; /* the element may hold a block word: _element_reason decides */
                if (!r && PyAnySet_Check(w)) {
                    ask = PySet_GET_SIZE(w) ? share(w, all_words) : 0;
                    if (ask < 0)
                        goto out;
                }
                if (r) {
                    m = Py_NewRef(s_empty);
                } else if (!ask) {
                    /* no block word: _element_reason's answer is the tag's alone */
                    m = PyDict_GetItemWithError(tag_reason, tag);
                    if (m == NULL && PyErr_Occurred())
                        goto out;
                    m = Py_NewRef(m == NULL ? s_empty : m);
                } else {
                    m = PyObject_CallFunctionObjArgs(element_reason, tag, w, NULL);
                }
                if (m == NULL)
                    goto out;
                memo[e] = m;
            }
            r = PyObject_IsTrue(m);
            if (r < 0)
                goto out;
            if (r) {
                reason = m;
                break;
            }
        }
        if (reason == NULL) {
            if (inside) {
                reason = PyObject_CallFunctionObjArgs(reason_fn, line, Py_None, Py_True,
                                                      line_rule, NULL);
                if (reason == NULL)
                    goto out;
                owned = 1;
            } else {
                PyObject *lc = line_field(line, F_LINK_CHARS);
                if (lc == NULL)
                    goto out;
                long long links = PyLong_AsLongLong(lc);
                Py_DECREF(lc);
                if (links == -1 && PyErr_Occurred())
                    goto out;
                Py_ssize_t tn = PyUnicode_GET_LENGTH(text);
                /* line.link_chars > 0.5 * n, exactly, for ints */
                reason = (tn && 2 * links > (long long)tn) ? s_link_list : s_outside;
            }
        }
        PyObject *head = head_of(text, max_chars);
        PyObject *at = head ? PyLong_FromSsize_t(bisect_ints(pos, n_pos, i)) : NULL;
        PyObject *entry = NULL;
        if (at != NULL)
            entry = new_block(block_cls, at, head, reason, inside ? s_inside : s_beside);
        Py_XDECREF(at);
        Py_XDECREF(head);
        if (owned)
            Py_DECREF(reason);
        if (entry == NULL)
            goto out;
        PyObject *item = Py_BuildValue("(iON)", inside ? 0 : 1, index, entry);
        if (item == NULL || PyList_Append(listed, item) < 0) {
            Py_XDECREF(item);
            goto out;
        }
        Py_DECREF(item);
    }
    result = Py_BuildValue("(OOn)", listed, summaries, total);
out:
    Py_XDECREF(text);
    Py_XDECREF(path);
    Py_XDECREF(index);
    free_refs(memo, n_el);
    PyMem_Free(pos);
    Py_XDECREF(listed);
    Py_XDECREF(summaries);
    return result;
}

/* drops._regions_and_lines_py, compiled: (regions, line_region) of lines, tags, words and
 * the container, each element judged once by state_of (drops._region_state, called from
 * here: the rules stay in Python). */
static PyObject *
drop_regions(PyObject *self, PyObject *args)
{
    PyObject *lines, *tags, *words, *state_of;
    Py_ssize_t container;
    if (!PyArg_ParseTuple(args, "O!O!O!nO", &PyList_Type, &lines, &PyList_Type, &tags,
                          &PyList_Type, &words, &container, &state_of))
        return NULL;
    if (drop_strings() < 0)
        return NULL;
    Py_ssize_t n_el = PyList_GET_SIZE(tags), n = PyList_GET_SIZE(lines);
    if (PyList_GET_SIZE(words) != n_el)
        return PyErr_Format(PyExc_ValueError, "drop_regions: %zd tags, %zd words", n_el,
                            PyList_GET_SIZE(words));
    PyObject **state = PyMem_Calloc(n_el + 1, sizeof(PyObject *));
    char *above = PyMem_Calloc(n_el + 1, 1);
    PyObject *regions = PyDict_New(), *line_region = PyList_New(n), *path = NULL;
    PyObject *minus = PyLong_FromLong(-1), *result = NULL;
    if (state == NULL || above == NULL || regions == NULL || line_region == NULL ||
        minus == NULL || fields_ready() < 0) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        PyList_SET_ITEM(line_region, i, Py_NewRef(minus));
    /* the elements from the root down to the container, on the first line below it */
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((path = line_path(PyList_GET_ITEM(lines, i), 0, "drop_regions")) == NULL)
            goto out;
        Py_ssize_t at = place_in_path(path, container);
        if (at == -2)
            goto out;
        if (at >= 0) {
            for (Py_ssize_t k = 0; k <= at; k++) {
                Py_ssize_t e = as_index(PyTuple_GET_ITEM(path, k));
                if (e >= 0 && e < n_el)
                    above[e] = 1;
            }
            Py_CLEAR(path);
            break;
        }
        Py_CLEAR(path);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((path = line_path(PyList_GET_ITEM(lines, i), 0, "drop_regions")) == NULL)
            goto out;
        Py_ssize_t len = PyTuple_GET_SIZE(path);
        for (Py_ssize_t k = 1; k < len; k++) {
            PyObject *eo = PyTuple_GET_ITEM(path, k);
            Py_ssize_t e;
            if (element_at(path, k, n_el, "drop_regions", &e) < 0)
                goto out;
            PyObject *st = state[e];
            if (st == NULL) {
                st = PyObject_CallFunctionObjArgs(state_of, PyList_GET_ITEM(tags, e),
                                                  PyList_GET_ITEM(words, e),
                                                  above[e] ? Py_True : Py_False, NULL);
                if (st == NULL)
                    goto out;
                if (!PyUnicode_Check(st)) {
                    Py_DECREF(st);
                    PyErr_SetString(PyExc_TypeError, "drop_regions: a state is not a str");
                    goto out;
                }
                state[e] = st;
            }
            Py_ssize_t sl = PyUnicode_GET_LENGTH(st);
            if (sl == 1 && PyUnicode_READ_CHAR(st, 0) == 'x')
                break;
            if (sl) {
                if (PyDict_SetItem(regions, eo, st) < 0)
                    goto out;
                PyList_SetItem(line_region, i, Py_NewRef(eo));
                break;
            }
        }
        Py_CLEAR(path);
    }
    result = PyTuple_Pack(2, regions, line_region);
out:
    Py_XDECREF(path);
    free_refs(state, n_el);
    PyMem_Free(above);
    Py_XDECREF(regions);
    Py_XDECREF(line_region);
    Py_XDECREF(minus);
    return result;
}

/* metadata.norm_words, compiled: the lower-cased words (runs of characters that are alphanumeric
 * or "_", the regex \w of a str pattern: sre's SRE_UNI_IS_WORD is Py_UNICODE_ISALNUM or "_")
 * joined by single spaces. A text that is not ASCII is lowered by str.lower itself (its
 * special cases, "İ" to "i̇" and the final sigma, stay Python's); an ASCII text is lowered
 * here. tests/extract/test_exact_cuts.py holds this equal to metadata._norm_re. */
static PyObject *
norm_words(PyObject *self, PyObject *s)
{
    if (!is_str(s, "norm_words") || drop_strings() < 0)
        return NULL;
    int ascii = PyUnicode_IS_ASCII(s);
    PyObject *low = ascii ? Py_NewRef(s) : PyObject_CallMethodNoArgs(s, s_lower);
    if (low == NULL)
        return NULL;
    if (!PyUnicode_Check(low)) {
        Py_DECREF(low);
        PyErr_SetString(PyExc_TypeError, "norm_words: str.lower gave no str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(low), out = 0;
    int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    Py_UCS4 maxc = 0;
    int in_word = 0;
#define NORM_LOWER(c) (ascii && (c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define NORM_WORD(c)                                                                         \
    ((c) < 128 ? (((c) | 32) >= 'a' && ((c) | 32) <= 'z') || ((c) >= '0' && (c) <= '9') ||    \
                     (c) == '_'                                                              \
               : Py_UNICODE_ISALNUM(c))
#define NORM_GAP(c) (!NORM_WORD(c))
#define NO_NOTE(c) ((void)0)
    switch (kind) {
    case PyUnicode_1BYTE_KIND: WORDS_COUNT(Py_UCS1, NORM_GAP, NORM_LOWER, NO_NOTE); break;
    case PyUnicode_2BYTE_KIND: WORDS_COUNT(Py_UCS2, NORM_GAP, NORM_LOWER, NO_NOTE); break;
    default: WORDS_COUNT(Py_UCS4, NORM_GAP, NORM_LOWER, NO_NOTE); break;
    }
    PyObject *res = PyUnicode_New(out, maxc);
    if (res == NULL) {
        Py_DECREF(low);
        return NULL;
    }
    void *rdata = PyUnicode_DATA(res);
    Py_ssize_t j = 0;
    in_word = 0;
    WORDS_BY_KINDS(kind, PyUnicode_KIND(res), NORM_GAP, NORM_LOWER);
#undef NO_NOTE
#undef NORM_GAP
#undef NORM_LOWER
#undef NORM_WORD
    Py_DECREF(low);
    return res;
}

static PyObject *
squeeze_py(PyObject *self, PyObject *s)
{
    static const str_name empty[] = {{&s_empty, ""}};
    if (!is_str(s, "squeeze") || intern_each(empty, 1) < 0)
        return NULL;
    return squeeze(s);
}

static PyObject *
text_size_py(PyObject *self, PyObject *s)
{
    return is_str(s, "text_size") ? PyLong_FromSsize_t(text_size_c(s)) : NULL;
}

static PyObject *
block_fills_slots(PyObject *self, PyObject *cls)
{
    block_slots(cls);
    return PyBool_FromLong(block_off[0] >= 0);
}

static PyObject *
line_fills_slots(PyObject *self, PyObject *unused)
{
    return PyBool_FromLong(line_off[0] >= 0);
}

/* ---- the metadata selector pass (metadata._ONE_PASS), compiled -------------------------
 *
 * metadata.gather asked lexbor's selector engine for _ONE_PASS's thirteen selectors over the
 * whole document: one full match of every selector at every element. meta_pass walks the
 * document once and tests the thirteen selectors itself, on an element's name and five of
 * its attributes, giving what tree.css(_ONE_PASS) gives (tests/extract/test_meta_pass.py
 * holds the two equal on every benchmark page and on hand-made edge cases):
 *  - the document element itself and every element under it in document order (nodes in a
 *    <template>'s content are not children, so they are not seen);
 *  - an element once per selector it matches, one after the other (lexbor reports a node
 *    for each matching selector of the list);
 *  - a type selector compares the element's name whatever its namespace (an SVG <title>);
 *    an attribute is found by its local name, the first of that name (an SVG xlink:title
 *    is a "title"; an HTML element's xlink:title is not);
 *  - [type=...] and [rel=...] values compare ASCII-case-blind on an HTML element (HTML's
 *    list of case-blind attribute values; not in SVG or MathML), [itemprop=...] and
 *    [class*=...] case-sensitively; a valueless attribute equals and contains nothing.
 * The namespace has no exported accessor: it is read from lexbor's node struct (node_layout),
 * checked against the accessors on the root first. */

enum { K_OTHER, K_META, K_SCRIPT, K_TITLE, K_H1, K_LINK, K_TIME, K_ABBR, K_SPAN };
static const char *kind_names[] = {"", "meta", "script", "title", "h1", "link", "time", "abbr",
                                   "span"};


/* needle (ASCII) in the bytes v[0:n], case-sensitive */
static int
has_bytes(const unsigned char *v, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (v == NULL || n < k)
        return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (v[i] == (unsigned char)needle[0] && memcmp(v + i + 1, needle + 1, k - 1) == 0)
            return 1;
    return 0;
}

/* the bytes v[0:n] equal want (ASCII, lower case), ASCII-case-blind when fold */
static int
value_is(const unsigned char *v, size_t n, const char *want, int fold)
{
    size_t k = strlen(want);
    if (v == NULL || n != k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = v[i];
        if (fold && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)want[i])
            return 0;
    }
    return 1;
}

/* An attribute's name as a str: an ASCII one (nearly all) from the token table, so that
 * "content", "property" or "name" are made and hashed once a run rather than for every
 * element meta_pass lists; any other, decoded as before. New reference, NULL on error. */
static PyObject *
attr_name(const unsigned char *name, size_t len)
{
    if (len > 0 && len <= 64) {
        size_t i = 0;
        while (i < len && name[i] < 0x80)
            i++;
        if (i == len)
            return token_str((const char *)name, (Py_ssize_t)len);
    }
    return decode(name, len);
}

/* selectolax's LexborNode.attributes: qualified name -> value (None when valueless) */
static PyObject *
attr_dict(node_t *node)
{
    PyObject *d = PyDict_New();
    if (d == NULL)
        return NULL;
    for (attr_t *a = f_first_attr(node); a != NULL; a = f_next_attr(a)) {
        size_t len = 0, vlen = 0;
        const unsigned char *name = f_attr_qname(a, &len);
        PyObject *k = attr_name(name, len), *v;
        if (k == NULL)
            goto fail;
        const unsigned char *val = f_attr_value(a, &vlen);
        v = val ? decode(val, vlen) : Py_NewRef(Py_None);
        if (v == NULL || PyDict_SetItem(d, k, v) < 0) {
            Py_DECREF(k);
            Py_XDECREF(v);
            goto fail;
        }
        Py_DECREF(k);
        Py_DECREF(v);
    }
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

/* How many of _ONE_PASS's selectors the element matches; *kind its name's kind. */
static int
selectors_matched(node_t *node, int kind)
{
    const unsigned char *v_title = NULL, *v_rel = NULL, *v_type = NULL, *v_class = NULL,
                        *v_itemprop = NULL;
    size_t n_rel = 0, n_type = 0, n_class = 0, n_itemprop = 0, n0 = 0;
    int has_title = 0, has_rel = 0, has_type = 0, has_class = 0, has_itemprop = 0;
    for (attr_t *a = f_first_attr(node); a != NULL; a = f_next_attr(a)) {
        size_t len = 0;
        const unsigned char *name = f_attr_lname(a, &len);
        if (name == NULL)
            continue;
        /* the first attribute of a local name counts */
        if (!has_title && name_is(name, len, "title")) {
            has_title = 1;
            v_title = f_attr_value(a, &n0);
        } else if (!has_rel && name_is(name, len, "rel")) {
            has_rel = 1;
            v_rel = f_attr_value(a, &n_rel);
        } else if (!has_type && name_is(name, len, "type")) {
            has_type = 1;
            v_type = f_attr_value(a, &n_type);
        } else if (!has_class && name_is(name, len, "class")) {
            has_class = 1;
            v_class = f_attr_value(a, &n_class);
        } else if (!has_itemprop && name_is(name, len, "itemprop")) {
            has_itemprop = 1;
            v_itemprop = f_attr_value(a, &n_itemprop);
        }
    }
    (void)v_title;
    int html = ((node_layout *)node)->ns == NS_HTML;
    int m = 0;
    switch (kind) {
    case K_META: case K_TITLE: case K_H1: case K_TIME:
        m++;
        break;
    case K_SCRIPT:
        m += value_is(v_type, n_type, "application/ld+json", html);
        break;
    case K_LINK:
        m += has_rel;
        break;
    case K_ABBR:
        m += has_title;
        break;
    default:
        break;
    }
    if (has_title) {
        m += has_bytes(v_class, n_class, "publish");
        m += has_bytes(v_class, n_class, "date");
    }
    m += value_is(v_rel, n_rel, "author", html);
    m += value_is(v_itemprop, n_itemprop, "author", 0);
    if (kind == K_SPAN) {
        m += has_bytes(v_class, n_class, "uthor");
        m += has_bytes(v_class, n_class, "yline");
    }
    return m;
}

/* meta_pass(root_mem_id) -> [(tag, attributes, node id), ...] as tree.css(_ONE_PASS) lists
 * its nodes (see above); None when lexbor's node layout is not the expected one or its
 * attributes' local names cannot be read. */
static PyObject *
meta_pass(PyObject *self, PyObject *arg)
{
    unsigned long long root_id = PyLong_AsUnsignedLongLong(arg);
    if ((root_id == (unsigned long long)-1 && PyErr_Occurred()) || !set_up())
        return NULL;
    node_t *root = (node_t *)(uintptr_t)root_id;
    if (f_attr_lname == NULL || !layout_ok(root))
        Py_RETURN_NONE;
    signed char kinds[TAG_CACHE];
    memset(kinds, -1, sizeof(kinds));
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    node_t *node = root;
    while (node != NULL) {
        node_layout *l = (node_layout *)node;
        if (l->type == NODE_ELEMENT) {
            uintptr_t id = l->local_name;
            int kind = id < TAG_CACHE ? kinds[id] : -1;
            if (kind < 0) {
                size_t len = 0;
                const unsigned char *name = f_qname(node, &len);
                kind = K_OTHER;
                for (int k = K_META; name != NULL && k <= K_SPAN; k++)
                    if (name_is(name, len, kind_names[k])) {
                        kind = k;
                        break;
                    }
                /* a tag id names one element name in a document (no prefixes in HTML) */
                if (id < TAG_CACHE)
                    kinds[id] = (signed char)kind;
            }
            int m = selectors_matched(node, kind);
            if (m > 0) {
                PyObject *tag = tag_of(node), *attrs = attr_dict(node);
                PyObject *ptr = PyLong_FromVoidPtr(node);
                PyObject *item = (tag && attrs && ptr) ? PyTuple_Pack(3, tag, attrs, ptr) : NULL;
                Py_XDECREF(tag);
                Py_XDECREF(attrs);
                Py_XDECREF(ptr);
                if (item == NULL)
                    goto fail;
                for (int i = 0; i < m; i++)
                    if (PyList_Append(out, item) < 0) {
                        Py_DECREF(item);
                        goto fail;
                    }
                Py_DECREF(item);
            }
        }
        node = l->first_child != NULL ? l->first_child : after_subtree_direct(node, root);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* node_text(node id): selectolax's LexborNode.text(deep=True) of a node meta_pass listed
 * (the tree must still be alive): its descendant text nodes' bytes joined, then decoded
 * with "replace". */
static PyObject *
node_text(PyObject *self, PyObject *arg)
{
    node_t *root = PyLong_AsVoidPtr(arg);
    if (root == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "null node");
        return NULL;
    }
    node_t *doc = document_of(root);
    char *buf = NULL;
    size_t used = 0, cap = 0;
    node_t *node = f_first_child(root);
    while (node != NULL) {
        if (f_tag_id(node) == TAG_TEXT) {
            size_t len = 0;
            unsigned char *raw = f_text_content(node, &len);
            if (raw != NULL) {
                if (used + len > cap) {
                    size_t want = (used + len) * 2 + 64;
                    char *nb = PyMem_Realloc(buf, want);
                    if (nb == NULL) {
                        if (doc != NULL)
                            f_destroy_text(doc, raw);
                        PyMem_Free(buf);
                        return PyErr_NoMemory();
                    }
                    buf = nb;
                    cap = want;
                }
                memcpy(buf + used, raw, len);
                used += len;
                if (doc != NULL)
                    f_destroy_text(doc, raw);
            }
        }
        node_t *child = f_first_child(node);
        node = child != NULL ? child : after_subtree(node, root);
    }
    PyObject *r = used ? PyUnicode_DecodeUTF8(buf, (Py_ssize_t)used, "replace")
                       : Py_NewRef(s_empty);
    PyMem_Free(buf);
    return r;
}

/* ---- lines_under: the lines whose path holds an element ---------------------------------
 * body.lines_under's [ln for ln in lines if e in ln.path], compiled: the same lines in the
 * same order (a path item equals e when it is e or an int of e's value, as tuple's "in"
 * judges an int), first_only: the first such line alone (None when there is none). A line's
 * path is read from its slot when Line is the slots dataclass flush fills, else by name; a
 * path that is not a tuple of ints, or an e that is not an int, gets Python's "in". */
static int
path_holds(PyObject *path, PyObject *e, Py_ssize_t v)
{
    if (!PyTuple_CheckExact(path) || v == -1)
        return PySequence_Contains(path, e);
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PyTuple_GET_ITEM(path, i);
        if (x == e)
            return 1;
        if (!PyLong_CheckExact(x))
            return PySequence_Contains(path, e);
        Py_ssize_t xv = as_index(x);
        if (xv == -1 && PyErr_Occurred()) {
            PyErr_Clear(); /* an int past Py_ssize_t: not v */
            continue;
        }
        if (xv == v)
            return 1;
    }
    return 0;
}

static PyObject *
lines_under(PyObject *self, PyObject *args)
{
    PyObject *lines, *e;
    int first_only = 0;
    if (!PyArg_ParseTuple(args, "O!O|p", &PyList_Type, &lines, &e, &first_only))
        return NULL;
    if (fields_ready() < 0)
        return NULL;
    /* v: e's value when e is an exact int that fits (and is not -1, which also means "not
       an int" here: such an e takes Python's "in") */
    Py_ssize_t v = -1;
    if (PyLong_CheckExact(e)) {
        v = as_index(e);
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            v = -1;
        }
    }
    PyObject *out = first_only ? NULL : PyList_New(0);
    if (!first_only && out == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        PyObject *path;
        if (SLOTTED_LINE(ln)) {
            path = LINE_SLOT(ln, F_PATH);
            if (path == NULL) {
                PyErr_SetString(PyExc_AttributeError, "path");
                goto fail;
            }
            Py_INCREF(path);
        } else if ((path = PyObject_GetAttr(ln, field_names[F_PATH])) == NULL) {
            goto fail;
        }
        int hit = path_holds(path, e, v);
        Py_DECREF(path);
        if (hit < 0)
            goto fail;
        if (hit) {
            if (first_only)
                return Py_NewRef(ln);
            if (PyList_Append(out, ln) < 0)
                goto fail;
        }
    }
    if (first_only)
        Py_RETURN_NONE;
    return out;
fail:
    Py_XDECREF(out);
    return NULL;
}

/* ---- byline_texts: metadata.byline_lines' scan, compiled -------------------------------
 * byline_texts(lines, words, byline_words, max_len, limit): the texts of the first `limit`
 * lines shorter than max_len whose path holds an element whose word set meets byline_words,
 * in order (metadata.byline_lines_py before its clean()); None where Python must decide
 * (a word set that is no frozenset, a path that is no tuple of ints). Each distinct word
 * set object is judged once per call (the walk shares one among the elements of a class
 * key). */
#define SEEN_CAP 1024
static PyObject *
byline_texts(PyObject *self, PyObject *args)
{
    PyObject *lines, *words, *byline;
    Py_ssize_t max_len, limit;
    if (!PyArg_ParseTuple(args, "O!O!O!nn", &PyList_Type, &lines, &PyList_Type, &words,
                          &PyFrozenSet_Type, &byline, &max_len, &limit))
        return NULL;
    Py_ssize_t n_el = PyList_GET_SIZE(words);
    char *mark = PyMem_Calloc(n_el ? n_el : 1, 1);
    PyObject **seen_key = PyMem_Calloc(SEEN_CAP, sizeof(PyObject *));
    char *seen_val = PyMem_Calloc(SEEN_CAP, 1);
    PyObject *out = NULL;
    int any = 0;
    if (mark == NULL || seen_key == NULL || seen_val == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t e = 0; e < n_el; e++) {
        PyObject *w = PyList_GET_ITEM(words, e);
        size_t h = ((uintptr_t)w >> 4) & (SEEN_CAP - 1);
        if (seen_key[h] == w) {
            mark[e] = seen_val[h];
        } else {
            if (!PyFrozenSet_Check(w)) {
                out = Py_NewRef(Py_None);
                goto done;
            }
            int meets = 0;
            Py_ssize_t pos = 0;
            PyObject *item;
            Py_hash_t hash;
            while (_PySet_NextEntry(w, &pos, &item, &hash)) {
                int c = PySet_Contains(byline, item);
                if (c < 0)
                    goto done;
                if (c) {
                    meets = 1;
                    break;
                }
            }
            seen_key[h] = w; /* the list holds w for the whole call */
            seen_val[h] = (char)meets;
            mark[e] = (char)meets;
        }
        any |= mark[e];
    }
    out = PyList_New(0);
    if (out == NULL || !any)
        goto done;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    for (Py_ssize_t i = 0; i < n && PyList_GET_SIZE(out) < limit; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        PyObject *text, *path;
        if (SLOTTED_LINE(ln)) {
            text = LINE_SLOT(ln, F_TEXT);
            path = LINE_SLOT(ln, F_PATH);
            if (text == NULL || path == NULL) {
                Py_SETREF(out, Py_NewRef(Py_None));
                goto done;
            }
        } else {
            Py_SETREF(out, Py_NewRef(Py_None));
            goto done;
        }
        if (!PyUnicode_Check(text) || !PyTuple_CheckExact(path)) {
            Py_SETREF(out, Py_NewRef(Py_None));
            goto done;
        }
        if (PyUnicode_GET_LENGTH(text) >= max_len)
            continue;
        Py_ssize_t k = PyTuple_GET_SIZE(path);
        int hit = 0;
        for (Py_ssize_t j = 0; j < k; j++) {
            PyObject *x = PyTuple_GET_ITEM(path, j);
            if (!PyLong_CheckExact(x)) {
                Py_SETREF(out, Py_NewRef(Py_None));
                goto done;
            }
            Py_ssize_t v = as_index(x);
            if (v == -1 && PyErr_Occurred()) {
                PyErr_Clear(); /* past Py_ssize_t: no element's index */
                continue;
            }
            if (v >= 0 && v < n_el && mark[v]) {
                hit = 1;
                break;
            }
        }
        if (hit && PyList_Append(out, text) < 0) {
            Py_CLEAR(out);
            goto done;
        }
    }
done:
    PyMem_Free(mark);
    PyMem_Free(seen_key);
    PyMem_Free(seen_val);
    return out;
}

/* ---- line_marks: body.candidates' line rules, compiled ---------------------------------
 * line_marks(lines, owner, n_el, chrome, boiler, max_density, h1[, first]) -> a list of ints,
 * one per line: 0 kept, 1 dropped by the rules ("heuristic_drop"), 2 dropped as a boiler phrase too
 * ("heuristic_drop", "boiler_phrase"). owner: the line's root element, a list of ints (one per
 * line) or one int for all. chrome(e, root) is body._marked_chrome for the page, asked once per
 * element and root (its verdict depends on them alone); boiler(text) is _BOILER.match, asked
 * for lines under 60 characters. A line is dropped when an element of its path below its root
 * is marked, its link density is over max_density, it is a boiler phrase, or its tag equals
 * h1. body._line_marks_py is the reference (tests/extract/test_exact_cuts.py holds them
 * equal); a TypeError (a path that is no tuple of ints below n_el, an owner not an int) sends
 * the caller to it. */
typedef struct {
    Py_ssize_t root;
    char *memo; /* per element: 0 not asked yet, 1 not chrome, 2 chrome */
} root_memo;

/* body._marked_chrome_of, compiled: line_marks' `chrome` given as the tuple (tags, words,
 * good, captions, CAPTION_TAGS, CAPTION_WORDS, STRONG_NEGATIVE_TAGS, STRONG_NEGATIVE_WORDS,
 * OVERLAY_WORDS, NEGATIVE_TAGS, NEGATIVE_WORDS, POSITIVE_WORDS) instead of a function: the
 * page's lists (n_el items each, word sets, good floats), the flag and body's sets. Each
 * verdict is then the same tests in C, no Python call per element (about 40k over the 602
 * aeb/naeb pages). */
typedef struct {
    PyObject *tags, *words, *good;
    int captions;
    PyObject *cap_tags, *cap_words, *sn_tags, *sn_words, *overlay, *neg_tags, *neg_words,
        *pos_words;
} chrome_spec;

/* 0 when `spec` is such a tuple and the page's lists fit (spec filled), 1 when `spec` is no
 * tuple (a function to call), -1 with a TypeError when a tuple does not fit. */
static int
chrome_spec_read(PyObject *spec, Py_ssize_t n_el, chrome_spec *cs)
{
    if (!PyTuple_Check(spec))
        return 1;
    if (PyTuple_GET_SIZE(spec) != 12) {
        PyErr_SetString(PyExc_TypeError, "line_marks: a chrome tuple holds 12 items");
        return -1;
    }
    cs->tags = PyTuple_GET_ITEM(spec, 0);
    cs->words = PyTuple_GET_ITEM(spec, 1);
    cs->good = PyTuple_GET_ITEM(spec, 2);
    cs->captions = PyObject_IsTrue(PyTuple_GET_ITEM(spec, 3));
    if (cs->captions < 0)
        return -1;
    PyObject **sets[8] = {&cs->cap_tags, &cs->cap_words, &cs->sn_tags, &cs->sn_words,
                          &cs->overlay, &cs->neg_tags, &cs->neg_words, &cs->pos_words};
    for (int k = 0; k < 8; k++) {
        *sets[k] = PyTuple_GET_ITEM(spec, 4 + k);
        if (!PyAnySet_Check(*sets[k])) {
            PyErr_SetString(PyExc_TypeError, "line_marks: a chrome rule set is no set");
            return -1;
        }
    }
    if (!PyList_Check(cs->tags) || !PyList_Check(cs->words) || !PyList_Check(cs->good) ||
        PyList_GET_SIZE(cs->tags) != n_el || PyList_GET_SIZE(cs->words) != n_el ||
        PyList_GET_SIZE(cs->good) != n_el) {
        PyErr_SetString(PyExc_TypeError, "line_marks: the page's lists do not fit n_el");
        return -1;
    }
    for (Py_ssize_t e = 0; e < n_el; e++)
        if (!PyAnySet_Check(PyList_GET_ITEM(cs->words, e)) ||
            !PyFloat_Check(PyList_GET_ITEM(cs->good, e))) {
            PyErr_SetString(PyExc_TypeError, "line_marks: a word set or a sum of the page");
            return -1;
        }
    return 0;
}

/* The verdict of body._marked_chrome_of(page, sc, captions, e, root): 1 chrome, 0 not, -1
 * on error. */
static int
chrome_verdict(const chrome_spec *cs, Py_ssize_t e, Py_ssize_t root)
{
    PyObject *tag = PyList_GET_ITEM(cs->tags, e), *w = PyList_GET_ITEM(cs->words, e);
    double ge = PyFloat_AS_DOUBLE(PyList_GET_ITEM(cs->good, e));
    double gc = PyFloat_AS_DOUBLE(PyList_GET_ITEM(cs->good, root));
    int r;
    if (cs->captions) {
        if ((r = PySet_Contains(cs->cap_tags, tag)) != 0)
            return r < 0 ? -1 : 0;
        if ((r = share(w, cs->cap_words)) != 0)
            return r < 0 ? -1 : 0;
    }
    if ((r = PySet_Contains(cs->sn_tags, tag)) != 0)
        return r;
    if ((r = share(w, cs->sn_words)) != 0)
        return r;
    if (ge < 0.8 * gc && (r = share(w, cs->overlay)) != 0)
        return r;
    if (ge > 0.35 * gc)
        return 0;
    if ((r = PySet_Contains(cs->neg_tags, tag)) != 0)
        return r;
    if (PySet_GET_SIZE(w) == 0 || (r = share(w, cs->neg_words)) == 0)
        return 0;
    if (r < 0)
        return -1;
    r = share(w, cs->pos_words);
    return r < 0 ? -1 : !r;
}

/* path[k] as an element index below n_el (>= 0) into *v: 0, or -1 with an error set
 * (line_marks' TypeErrors: an item that is no int or no element sends the caller to the
 * Python rules). */
static ALWAYS_INLINE int
marks_item(PyObject *path, Py_ssize_t k, Py_ssize_t n_el, Py_ssize_t *v)
{
    PyObject *x = PyTuple_GET_ITEM(path, k);
    if (!PyLong_CheckExact(x)) {
        PyErr_SetString(PyExc_TypeError, "line_marks: a path item is no int");
        return -1;
    }
    *v = as_index(x);
    if (*v == -1 && PyErr_Occurred())
        return -1;
    if ((size_t)*v >= (size_t)n_el) { /* < 0 or >= n_el */
        PyErr_SetString(PyExc_TypeError, "line_marks: a path item is no element");
        return -1;
    }
    return 0;
}

static PyObject *
line_marks(PyObject *self, PyObject *args)
{
    PyObject *lines, *owner, *chrome, *boiler, *h1, *first = NULL;
    Py_ssize_t n_el;
    double max_density;
    if (!PyArg_ParseTuple(args, "O!OnOOdO|U", &PyList_Type, &lines, &owner, &n_el, &chrome,
                          &boiler, &max_density, &h1, &first))
        return NULL;
    Py_ssize_t n_first = first != NULL ? PyUnicode_GET_LENGTH(first) : 0;
    if (fields_ready() < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    int one_owner = PyLong_CheckExact(owner);
    if (!one_owner && (!PyList_Check(owner) || PyList_GET_SIZE(owner) != n))
        return PyErr_Format(PyExc_TypeError, "line_marks: owner is no int and no list per line");
    if (n_el < 0)
        return PyErr_Format(PyExc_ValueError, "line_marks: n_el < 0");
    chrome_spec cs;
    int call_chrome = chrome_spec_read(chrome, n_el, &cs);
    if (call_chrome < 0)
        return NULL;
    root_memo *memos = NULL;
    Py_ssize_t n_memos = 0, cap_memos = 0;
    PyObject *out = PyList_New(n), *result = NULL;
    PyObject *path = NULL, *text = NULL, *lc = NULL, *tag = NULL;
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        PyObject *root_obj = one_owner ? owner : PyList_GET_ITEM(owner, i);
        if (!PyLong_CheckExact(root_obj)) {
            PyErr_SetString(PyExc_TypeError, "line_marks: a root is no int");
            goto done;
        }
        Py_ssize_t root = as_index(root_obj);
        if (root == -1 && PyErr_Occurred())
            goto done;
        if ((text = line_field(ln, F_TEXT)) == NULL ||
            (lc = line_field(ln, F_LINK_CHARS)) == NULL ||
            (tag = line_field(ln, F_TAG)) == NULL || (path = line_field(ln, F_PATH)) == NULL)
            goto done;
        if (!PyUnicode_Check(text) || !PyLong_CheckExact(lc) || !PyTuple_CheckExact(path)) {
            PyErr_SetString(PyExc_TypeError, "line_marks: a line's text, link_chars or path");
            goto done;
        }
        Py_ssize_t tn = PyUnicode_GET_LENGTH(text);
        /* boiler = n < 60 and _BOILER.match(text) is not None */
        int is_boiler = 0;
        /* `first` (optional): the characters a match can open with; a line opening with any
           other (or an empty one) is no boiler phrase, and the regex is not asked */
        int ask = tn < 60;
        if (ask && first != NULL)
            ask = tn > 0 && PyUnicode_FindChar(first, PyUnicode_READ_CHAR(text, 0), 0, n_first,
                                               1) >= 0;
        if (ask) {
            PyObject *m = PyObject_CallOneArg(boiler, text);
            if (m == NULL)
                goto done;
            is_boiler = m != Py_None;
            Py_DECREF(m);
        }
        /* the elements below the root's first place in the path, until one is marked */
        Py_ssize_t len = PyTuple_GET_SIZE(path), at = -1;
        for (Py_ssize_t k = 0; k < len; k++) {
            Py_ssize_t v;
            if (marks_item(path, k, n_el, &v) < 0)
                goto done;
            if (v == root) {
                at = k;
                break;
            }
        }
        if (at < 0) {
            PyErr_SetString(PyExc_ValueError, "tuple.index(x): x not in tuple");
            goto done;
        }
        char *memo = NULL;
        for (Py_ssize_t r = 0; r < n_memos; r++)
            if (memos[r].root == root) {
                memo = memos[r].memo;
                break;
            }
        if (memo == NULL) {
            if (n_memos == cap_memos) {
                root_memo *v = grown(memos, &cap_memos, 4, sizeof(root_memo));
                if (v == NULL)
                    goto done;
                memos = v;
            }
            memo = PyMem_Calloc(n_el + 1, 1);
            if (memo == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            memos[n_memos].root = root;
            memos[n_memos].memo = memo;
            n_memos++;
        }
        int drop = 0;
        for (Py_ssize_t k = at + 1; k < len && !drop; k++) {
            Py_ssize_t e;
            if (marks_item(path, k, n_el, &e) < 0)
                goto done;
            if (memo[e] == 0) {
                int t;
                if (!call_chrome) {
                    t = chrome_verdict(&cs, e, root);
                } else {
                    PyObject *r = PyObject_CallFunctionObjArgs(chrome, PyTuple_GET_ITEM(path, k),
                                                               root_obj, NULL);
                    if (r == NULL)
                        goto done;
                    t = PyObject_IsTrue(r);
                    Py_DECREF(r);
                }
                if (t < 0)
                    goto done;
                memo[e] = t ? 2 : 1;
            }
            drop = memo[e] == 2;
        }
        if (!drop) {
            /* (line.link_chars / n if n else 1.0) > max_density: Python divides two ints
               below 2**53 as these two doubles */
            double density = 1.0;
            if (tn) {
                double l = PyLong_AsDouble(lc);
                if (l == -1.0 && PyErr_Occurred())
                    goto done;
                density = l / (double)tn;
            }
            drop = density > max_density || is_boiler;
        }
        if (!drop) {
            int eq = PyObject_RichCompareBool(tag, h1, Py_EQ);
            if (eq < 0)
                goto done;
            drop = eq;
        }
        Py_CLEAR(text);
        Py_CLEAR(lc);
        Py_CLEAR(tag);
        Py_CLEAR(path);
        PyList_SET_ITEM(out, i, PyLong_FromLong(!drop ? 0 : is_boiler ? 2 : 1));
    }
    result = Py_NewRef(out);
done:
    Py_XDECREF(text);
    Py_XDECREF(lc);
    Py_XDECREF(tag);
    Py_XDECREF(path);
    for (Py_ssize_t r = 0; r < n_memos; r++)
        PyMem_Free(memos[r].memo);
    PyMem_Free(memos);
    Py_DECREF(out);
    return result;
}

/* ---- wrapper_set: drops._wrappers_py, compiled ---------------------------------------
 * wrapper_set(lines) -> the set of the elements on the paths of the lines whose text holds
 * at least three letters (str.isalpha of a character: Py_UNICODE_ISALPHA), each path's items
 * added as set.update adds them. A TypeError (a text that is no str, a path that is no
 * tuple) sends the caller to the Python loop. */
static int
has_words(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text), found = 0;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i)) && ++found >= 3)
            return 1;
    return 0;
}

static PyObject *
wrapper_set(PyObject *self, PyObject *lines)
{
    if (!PyList_Check(lines))
        return PyErr_Format(PyExc_TypeError, "wrapper_set: lines is no list");
    if (fields_ready() < 0)
        return NULL;
    PyObject *out = PySet_New(NULL);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(lines); i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        PyObject *text = line_text(ln, "wrapper_set");
        if (text == NULL)
            goto fail;
        int words = has_words(text);
        Py_DECREF(text);
        if (!words)
            continue;
        PyObject *path = line_field(ln, F_PATH);
        if (path == NULL)
            goto fail;
        if (!PyTuple_CheckExact(path)) {
            Py_DECREF(path);
            PyErr_SetString(PyExc_TypeError, "wrapper_set: a line's path is no tuple");
            goto fail;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(path); k++)
            if (PySet_Add(out, PyTuple_GET_ITEM(path, k)) < 0) {
                Py_DECREF(path);
                goto fail;
            }
        Py_DECREF(path);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- lines_of_words: article.page_scores' paragraphs, compiled ----------------------
 * lines_of_words(lines, n) -> the lines whose text holds at least n words (runs of
 * characters that are not whitespace, Py_UNICODE_ISSPACE: len(text.split(None, n - 1)) == n),
 * in order; each text is read up to its n-th word. A TypeError (a text that is no str) sends
 * the caller to the Python comprehension. */
static PyObject *
lines_of_words(PyObject *self, PyObject *args)
{
    PyObject *lines;
    Py_ssize_t want;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &lines, &want))
        return NULL;
    if (want < 1)
        return PyErr_Format(PyExc_ValueError, "lines_of_words: n < 1");
    if (fields_ready() < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(lines); i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        PyObject *text = line_text(ln, "lines_of_words");
        if (text == NULL)
            goto fail;
        Py_ssize_t n = PyUnicode_GET_LENGTH(text), words = 0;
        int kind = PyUnicode_KIND(text), in_word = 0;
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t k = 0; k < n && words < want; k++) {
            if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k)))
                in_word = 0;
            else if (!in_word) {
                in_word = 1;
                words++;
            }
        }
        Py_DECREF(text);
        if (words >= want && PyList_Append(out, ln) < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- best_container: body.select_container's loop, compiled ------------------------
 * best_container(score, tags, words, chrome, boost_tags, positive, negative) -> (best,
 * best_score, marked): body._best_container_py. score: floats, one per element; chrome: the
 * flags of body._in_chrome; an element with a positive score is boosted (times 1.08) when
 * its tag is in boost_tags or its word set meets positive; a marked one competes among the
 * marked; another is damped (times 0.7) when its words meet negative. The same double
 * operations in the same order, so the same floats. A TypeError (a score that is no float,
 * a word set that is no set, lists that do not fit) sends the caller to the Python loop. */
static PyObject *
best_container(PyObject *self, PyObject *args)
{
    PyObject *score, *tags, *words, *chrome, *boost, *positive, *negative;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OOO", &PyList_Type, &score, &PyList_Type, &tags,
                          &PyList_Type, &words, &PyList_Type, &chrome, &boost, &positive,
                          &negative))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(score);
    if (PyList_GET_SIZE(tags) < n || PyList_GET_SIZE(words) < n || PyList_GET_SIZE(chrome) < n ||
        !PyAnySet_Check(positive) || !PyAnySet_Check(negative) || !PyTuple_Check(boost))
        return PyErr_Format(PyExc_TypeError, "best_container: lists or sets that do not fit");
    Py_ssize_t best = 0, marked = 0;
    double best_score = -Py_HUGE_VAL, marked_score = -Py_HUGE_VAL;
    for (Py_ssize_t e = 0; e < n; e++) {
        PyObject *so = PyList_GET_ITEM(score, e);
        if (!PyFloat_Check(so))
            return PyErr_Format(PyExc_TypeError, "best_container: a score is no float");
        double sv = PyFloat_AS_DOUBLE(so);
        if (!(sv > 0))
            continue; /* (a NaN passes Python's `s <= 0` but then wins no comparison) */
        PyObject *w = PyList_GET_ITEM(words, e);
        if (!PyAnySet_Check(w))
            return PyErr_Format(PyExc_TypeError, "best_container: a word set is no set");
        int r = PySequence_Contains(boost, PyList_GET_ITEM(tags, e));
        if (r == 0)
            r = share(w, positive);
        if (r < 0)
            return NULL;
        if (r)
            sv *= 1.08;
        int c = PyObject_IsTrue(PyList_GET_ITEM(chrome, e));
        if (c < 0)
            return NULL;
        if (c) {
            if (sv > marked_score) {
                marked = e;
                marked_score = sv;
            }
            continue;
        }
        if ((r = share(w, negative)) < 0)
            return NULL;
        if (r)
            sv *= 0.7;
        if (sv > best_score) {
            best = e;
            best_score = sv;
        }
    }
    return Py_BuildValue("(ndn)", best, best_score, marked);
}

static PyObject *
key_memo_clear(PyObject *self, PyObject *unused)
{
    key_table_clear();
    Py_RETURN_NONE;
}

static PyObject *
text_read_direct(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(text_direct);
}

/* ---- raw_cut: script and style bodies cut out before the parse ----------------------------
 * rawcut.raw_cut_py, compiled: the same bytes (tests/extract/test_rawcut.py). A scan of the
 * page as the WHATWG tokenizer reads it, claiming script-data / raw-text state only where it
 * is certain (rawcut.py's docstring lists the cases); where it is not, it stops and copies
 * the rest of the page as it is. Every step below is one of raw_cut_py's. */

#define RC_WS(c) ((c) == '\t' || (c) == '\n' || (c) == '\f' || (c) == '\r' || (c) == ' ')
#define RC_ALPHA(c) ((((c) | 32) >= 'a') && (((c) | 32) <= 'z'))
#define RC_LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))

/* d[0:n] equals want (ASCII, lower case) in any ASCII case */
static int
rc_name_is(const unsigned char *d, Py_ssize_t n, const char *want)
{
    Py_ssize_t k = (Py_ssize_t)strlen(want);
    if (n != k)
        return 0;
    for (Py_ssize_t i = 0; i < k; i++)
        if (RC_LOWER(d[i]) != (unsigned char)want[i])
            return 0;
    return 1;
}

/* The element names the scan tells apart, as one kind each (RK_OTHER for the rest), and
 * the sets of raw_cut_py as bit masks of kinds. */
enum {
    RK_OTHER, RK_SVG, RK_MATH, RK_SELECT, RK_SCRIPT, RK_STYLE, RK_FRAMESET, RK_PLAINTEXT,
    RK_TITLE, RK_TEXTAREA, RK_XMP, RK_IFRAME, RK_NOEMBED, RK_NOFRAMES, RK_NOSCRIPT,
    RK_FOREIGNOBJECT, RK_DESC, RK_MI, RK_MO, RK_MN, RK_MS, RK_MTEXT, RK_ANNOTATION_XML,
    RK_INPUT, RK_KEYGEN, RK_TEMPLATE, RK_COUNT
};
static const char *const rk_names[RK_COUNT] = {
    "", "svg", "math", "select", "script", "style", "frameset", "plaintext", "title",
    "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "foreignobject", "desc",
    "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "input", "keygen", "template"};
#define RK_BIT(k) (1u << (k))
static unsigned char rk_len[RK_COUNT]; /* strlen of each name, set by rc_setup */
/* raw_cut_py's _RAW, _FOREIGN_TEXT and _SELECT_STOP */
static const unsigned rk_raw = RK_BIT(RK_TITLE) | RK_BIT(RK_TEXTAREA) | RK_BIT(RK_XMP) |
                               RK_BIT(RK_IFRAME) | RK_BIT(RK_NOEMBED) | RK_BIT(RK_NOFRAMES);
static const unsigned rk_foreign_text =
    RK_BIT(RK_SCRIPT) | RK_BIT(RK_STYLE) | RK_BIT(RK_TITLE) | RK_BIT(RK_TEXTAREA) |
    RK_BIT(RK_XMP) | RK_BIT(RK_IFRAME) | RK_BIT(RK_NOEMBED) | RK_BIT(RK_NOFRAMES) |
    RK_BIT(RK_NOSCRIPT) | RK_BIT(RK_FOREIGNOBJECT) | RK_BIT(RK_DESC) | RK_BIT(RK_MI) |
    RK_BIT(RK_MO) | RK_BIT(RK_MN) | RK_BIT(RK_MS) | RK_BIT(RK_MTEXT) |
    RK_BIT(RK_ANNOTATION_XML);
static const unsigned rk_select_stop =
    RK_BIT(RK_SCRIPT) | RK_BIT(RK_STYLE) | RK_BIT(RK_TITLE) | RK_BIT(RK_TEXTAREA) |
    RK_BIT(RK_XMP) | RK_BIT(RK_IFRAME) | RK_BIT(RK_NOEMBED) | RK_BIT(RK_NOFRAMES) |
    RK_BIT(RK_NOSCRIPT) | RK_BIT(RK_SVG) | RK_BIT(RK_MATH) | RK_BIT(RK_SELECT) |
    RK_BIT(RK_INPUT) | RK_BIT(RK_KEYGEN) | RK_BIT(RK_TEMPLATE);

/* the kinds whose name has a length (at most 5 per length; 0 ends a list), by length */
static unsigned char rk_by_len[15][6];

static void
rc_setup(void)
{
    if (rk_len[RK_SVG] != 0)
        return;
    for (int k = 1; k < RK_COUNT; k++) {
        size_t len = strlen(rk_names[k]);
        rk_len[k] = (unsigned char)len;
        int j = 0;
        while (rk_by_len[len][j] != 0)
            j++;
        rk_by_len[len][j] = (unsigned char)k;
    }
}

/* the kind of the tag name d[0:n] in any ASCII case: only the listed names of its length are
 * compared, each from its first letter on */
static int
rc_kind(const unsigned char *d, Py_ssize_t n)
{
    if (n < 2 || n > 14)
        return RK_OTHER;
    const unsigned char *cand = rk_by_len[n];
    unsigned char c0 = RC_LOWER(d[0]);
    for (; *cand != 0; cand++) {
        const char *name = rk_names[*cand];
        if ((unsigned char)name[0] != c0)
            continue;
        Py_ssize_t i = 1;
        while (i < n && RC_LOWER(d[i]) == (unsigned char)name[i])
            i++;
        if (i == n)
            return *cand;
    }
    return RK_OTHER;
}

/* "</" name (any ASCII case) and whitespace, '/' or '>' at d[k:]: an appropriate end tag */
static int
rc_end_tag_at(const unsigned char *d, Py_ssize_t n, Py_ssize_t k, const unsigned char *name,
              Py_ssize_t len)
{
    if (k + 2 + len >= n || d[k] != '<' || d[k + 1] != '/')
        return 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if (RC_LOWER(d[k + 2 + i]) != RC_LOWER(name[i]))
            return 0;
    unsigned char c = d[k + 2 + len];
    return RC_WS(c) || c == '/' || c == '>';
}

/* the first appropriate end tag of name at or after p, or -1 */
static Py_ssize_t
rc_find_end(const unsigned char *d, Py_ssize_t n, Py_ssize_t p, const unsigned char *name,
            Py_ssize_t len)
{
    while (p < n) {
        const unsigned char *q = memchr(d + p, '<', (size_t)(n - p));
        if (q == NULL)
            return -1;
        p = q - d;
        if (rc_end_tag_at(d, n, p, name, len))
            return p;
        p++;
    }
    return -1;
}

/* A tag from its name's first letter d[s] to its '>': the index after the '>' (-1: the page
 * ends inside the tag), *name_end where the name ends, *sc the self-closing flag. The
 * tokenizer's tag states: name, before/after attribute name, attribute name, before value,
 * double/single-quoted and unquoted value, after quoted value, self-closing start tag. Runs
 * of ordinary bytes (in a name or an unquoted value) are skipped by a class table. */
#define RCC_WS 1
#define RCC_SLASH 2
#define RCC_GT 4
#define RCC_EQ 8
static unsigned char rc_class[256];

static void
rc_class_setup(void)
{
    if (rc_class['>'])
        return;
    rc_class['\t'] = rc_class['\n'] = rc_class['\f'] = rc_class['\r'] = rc_class[' '] = RCC_WS;
    rc_class['/'] = RCC_SLASH;
    rc_class['='] = RCC_EQ;
    rc_class['>'] = RCC_GT;
}

static Py_ssize_t
rc_tag(const unsigned char *d, Py_ssize_t n, Py_ssize_t s, Py_ssize_t *name_end, int *sc)
{
    Py_ssize_t p = s;
    while (p < n && !(rc_class[d[p]] & (RCC_WS | RCC_SLASH | RCC_GT)))
        p++;
    *name_end = p;
    *sc = 0;
    for (;;) {
        /* before attribute name (also after a name, after a quoted value, after the
         * self-closing state read something other than '>': the same moves from here) */
        while (p < n && (rc_class[d[p]] & RCC_WS))
            p++;
        if (p >= n)
            return -1;
        unsigned char c = d[p];
        if (c == '>')
            return p + 1;
        if (c == '/') { /* the self-closing start tag state */
            if (p + 1 < n && d[p + 1] == '>') {
                *sc = 1;
                return p + 2;
            }
            p++;
            continue;
        }
        /* an attribute name: its first character (any, '=' and quotes too), then up to
         * whitespace, '/', '>' or '=' */
        p++;
        while (p < n && !(rc_class[d[p]] & (RCC_WS | RCC_SLASH | RCC_GT | RCC_EQ)))
            p++;
        while (p < n && (rc_class[d[p]] & RCC_WS)) /* after attribute name */
            p++;
        if (p >= n)
            return -1;
        if (d[p] != '=')
            continue; /* '>', '/' or the next name */
        p++;
        while (p < n && (rc_class[d[p]] & RCC_WS)) /* before attribute value */
            p++;
        if (p >= n)
            return -1;
        c = d[p];
        if (c == '"' || c == '\'') {
            const unsigned char *q = memchr(d + p + 1, c, (size_t)(n - p - 1));
            if (q == NULL)
                return -1;
            p = q - d + 1; /* after the quoted value */
            continue;
        }
        if (c == '>')
            return p + 1; /* no value */
        /* an unquoted value, up to whitespace or '>' */
        p++;
        while (p < n && !(rc_class[d[p]] & (RCC_WS | RCC_GT)))
            p++;
    }
}

/* Where the script whose body starts at p ends (the index of its end tag's '<', -1: at the
 * end of the page): the tokenizer's script data states, escaped and double escaped ones
 * included. */
enum { SE_E, SE_ED, SE_EDD, SE_DE, SE_DED, SE_DEDD };

static Py_ssize_t
rc_script_tail(const unsigned char *d, Py_ssize_t n, Py_ssize_t p)
{
    static const unsigned char script[] = "script";
    for (;;) {
        /* script data: the first "</script" + delimiter or "<!--" */
        Py_ssize_t k = p;
        for (;;) {
            const unsigned char *q = k < n ? memchr(d + k, '<', (size_t)(n - k)) : NULL;
            if (q == NULL)
                return -1;
            k = q - d;
            if (rc_end_tag_at(d, n, k, script, 6))
                return k;
            if (k + 3 < n && d[k + 1] == '!' && d[k + 2] == '-' && d[k + 3] == '-')
                break;
            k++;
        }
        p = k + 4;
        int st = SE_EDD;
        for (;;) {
            if (p >= n)
                return -1;
            unsigned char c = d[p];
            if (st == SE_E || st == SE_DE) {
                while (p < n && d[p] != '-' && d[p] != '<')
                    p++;
                if (p >= n)
                    return -1;
                c = d[p];
                if (c == '-') {
                    st = st == SE_E ? SE_ED : SE_DED;
                    p++;
                    continue;
                }
            } else if (c == '-') {
                st = (st == SE_ED || st == SE_EDD) ? SE_EDD : SE_DEDD;
                p++;
                continue;
            } else if (c == '>' && (st == SE_EDD || st == SE_DEDD)) {
                p++;
                break; /* back to script data */
            } else if (c != '<') {
                st = (st == SE_ED || st == SE_EDD) ? SE_E : SE_DE;
                p++;
                continue;
            }
            /* c is '<' */
            if (st == SE_E || st == SE_ED || st == SE_EDD) {
                if (p + 1 < n && d[p + 1] == '/') {
                    if (rc_end_tag_at(d, n, p, script, 6))
                        return p;
                    st = SE_E;
                    p += 2;
                    continue;
                }
                Py_ssize_t q = p + 1;
                while (q < n && RC_ALPHA(d[q]))
                    q++;
                if (q > p + 1 && q < n && (RC_WS(d[q]) || d[q] == '/' || d[q] == '>') &&
                    rc_name_is(d + p + 1, q - p - 1, "script")) {
                    st = SE_DE;
                    p = q + 1;
                } else {
                    st = SE_E;
                    p = q > p + 1 ? q : p + 1;
                }
                continue;
            }
            if (p + 1 < n && d[p + 1] == '/') {
                Py_ssize_t q = p + 2;
                while (q < n && RC_ALPHA(d[q]))
                    q++;
                if (q < n && (RC_WS(d[q]) || d[q] == '/' || d[q] == '>') &&
                    rc_name_is(d + p + 2, q - p - 2, "script")) {
                    st = SE_E;
                    p = q + 1;
                } else {
                    st = SE_DE;
                    p = q;
                }
            } else {
                st = SE_DE;
                p++;
            }
        }
    }
}

/* the tag d[j:i] holds ld+json, itemprop, title or rel in any ASCII case: one the metadata
 * pass may read */
static int
rc_keep(const unsigned char *d, Py_ssize_t j, Py_ssize_t i)
{
    for (Py_ssize_t p = j; p < i; p++) {
        const char *w;
        switch (RC_LOWER(d[p])) {
        case 'l': w = "ld+json"; break;
        case 'i': w = "itemprop"; break;
        case 't': w = "title"; break;
        case 'r': w = "rel"; break;
        default: continue;
        }
        Py_ssize_t k = (Py_ssize_t)strlen(w);
        if (p + k <= i && rc_name_is(d + p, k, w))
            return 1;
    }
    return 0;
}

typedef struct {
    Py_ssize_t from, to; /* a cut body */
} rc_span;

/* the index after the first '>' at or after from, or -1 (the page ends before one) */
static Py_ssize_t
rc_past_gt(const unsigned char *d, Py_ssize_t n, Py_ssize_t from)
{
    const unsigned char *r = from < n ? memchr(d + from, '>', (size_t)(n - from)) : NULL;
    return r == NULL ? -1 : r - d + 1;
}

/* raw_cut(data: bytes) -> bytes | None */
static PyObject *
raw_cut(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    rc_setup();
    rc_class_setup();
    const unsigned char *d = view.buf;
    Py_ssize_t n = view.len, i = 0, svg = 0, math = 0, cut = 0;
    int select = 0;
    rc_span *spans = NULL;
    Py_ssize_t n_spans = 0, cap = 0;
    PyObject *result = NULL;
    for (;;) {
        const unsigned char *q = i < n ? memchr(d + i, '<', (size_t)(n - i)) : NULL;
        if (q == NULL)
            break;
        Py_ssize_t j = q - d;
        if (j + 1 >= n)
            break;
        unsigned char c = d[j + 1];
        if (c == '!') {
            if (j + 3 < n && d[j + 2] == '-' && d[j + 3] == '-') {
                Py_ssize_t k = j + 4;
                if (k < n && d[k] == '>') {
                    i = k + 1;
                } else if (k + 1 < n && d[k] == '-' && d[k + 1] == '>') {
                    i = k + 2;
                } else {
                    /* the first "-->" or "--!>" */
                    Py_ssize_t e = -1;
                    for (Py_ssize_t p = k; p + 2 < n;) {
                        const unsigned char *r = memchr(d + p, '-', (size_t)(n - p));
                        if (r == NULL)
                            break;
                        p = r - d;
                        if (p + 2 < n && d[p + 1] == '-' && d[p + 2] == '>') {
                            e = p + 3;
                            break;
                        }
                        if (p + 3 < n && d[p + 1] == '-' && d[p + 2] == '!' && d[p + 3] == '>') {
                            e = p + 4;
                            break;
                        }
                        p++;
                    }
                    if (e < 0)
                        break;
                    i = e;
                }
                continue;
            }
            if ((svg || math) && j + 9 <= n && memcmp(d + j + 2, "[CDATA[", 7) == 0)
                break;
        }
        if (c == '!' || c == '?') { /* a declaration or bogus comment: to the next '>' */
            if ((i = rc_past_gt(d, n, j + 2)) < 0)
                break;
            continue;
        }
        Py_ssize_t name_end;
        int sc;
        if (c == '/') {
            if (j + 2 >= n)
                break;
            unsigned char c2 = d[j + 2];
            if (c2 == '>') {
                i = j + 3;
                continue;
            }
            if (!RC_ALPHA(c2)) { /* a bogus comment too */
                if ((i = rc_past_gt(d, n, j + 2)) < 0)
                    break;
                continue;
            }
            Py_ssize_t e = rc_tag(d, n, j + 2, &name_end, &sc);
            if (e < 0)
                break;
            int kind = rc_kind(d + j + 2, name_end - (j + 2));
            if (kind == RK_SVG)
                svg = svg > 0 ? svg - 1 : 0;
            else if (kind == RK_MATH)
                math = math > 0 ? math - 1 : 0;
            else if (kind == RK_SELECT)
                select = 0;
            i = e;
            continue;
        }
        if (!RC_ALPHA(c)) {
            i = j + 1;
            continue;
        }
        Py_ssize_t e = rc_tag(d, n, j + 1, &name_end, &sc);
        if (e < 0)
            break;
        i = e;
        const unsigned char *nm = d + j + 1;
        Py_ssize_t len = name_end - (j + 1);
        int kind = rc_kind(nm, len);
        if (kind == RK_OTHER)
            continue;
        if (kind == RK_FRAMESET || kind == RK_PLAINTEXT)
            break;
        if (svg || math) {
            if (kind == RK_SVG) {
                svg += sc ? 0 : 1;
            } else if (kind == RK_MATH) {
                math += sc ? 0 : 1;
            } else if (kind == RK_SELECT) {
                break;
            } else if (RK_BIT(kind) & rk_foreign_text) {
                const unsigned char *r = i < n ? memchr(d + i, '<', (size_t)(n - i)) : NULL;
                if (r == NULL || !rc_end_tag_at(d, n, r - d, nm, len))
                    break;
                i = r - d;
            }
            continue;
        }
        if (select) {
            if (RK_BIT(kind) & rk_select_stop)
                break;
            continue;
        }
        if (kind == RK_SVG) {
            svg += sc ? 0 : 1;
        } else if (kind == RK_MATH) {
            math += sc ? 0 : 1;
        } else if (kind == RK_SELECT) {
            select = 1;
        } else {
            int is_script = kind == RK_SCRIPT, is_style = kind == RK_STYLE;
            if (!is_script && !is_style && !(RK_BIT(kind) & rk_raw))
                continue;
            Py_ssize_t end = is_script ? rc_script_tail(d, n, i) : rc_find_end(d, n, i, nm, len);
            if (end < 0)
                break;
            if ((is_script || is_style) && end > i && !rc_keep(d, j, i)) {
                if (n_spans == cap) {
                    rc_span *ns = grown(spans, &cap, 64, sizeof(rc_span));
                    if (ns == NULL)
                        goto out;
                    spans = ns;
                }
                spans[n_spans].from = i;
                spans[n_spans].to = end;
                n_spans++;
                cut += end - i;
            }
            i = end;
        }
    }
    if (n_spans == 0) {
        result = Py_NewRef(Py_None);
        goto out;
    }
    result = PyBytes_FromStringAndSize(NULL, n - cut);
    if (result == NULL)
        goto out;
    {
        char *w = PyBytes_AS_STRING(result);
        Py_ssize_t last = 0;
        for (Py_ssize_t s = 0; s < n_spans; s++) {
            memcpy(w, d + last, (size_t)(spans[s].from - last));
            w += spans[s].from - last;
            last = spans[s].to;
        }
        memcpy(w, d + last, (size_t)(n - last));
    }
out:
    PyMem_Free(spans);
    PyBuffer_Release(&view);
    return result;
}

/* holds_empty_raw(items): rawcut.reads_cut for meta_pass's list: whether a listed node is,
 * or holds, a script or style element without children (items are (tag, attrs, node id)). */
static PyObject *
holds_empty_raw(PyObject *self, PyObject *items)
{
    if (!set_up())
        return NULL;
    if (!PyList_Check(items)) {
        PyErr_SetString(PyExc_TypeError, "a list of (tag, attributes, node id)");
        return NULL;
    }
    node_t *last = NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(items); k++) {
        PyObject *it = PyList_GET_ITEM(items, k);
        if (!PyTuple_Check(it) || PyTuple_GET_SIZE(it) < 3) {
            PyErr_SetString(PyExc_TypeError, "a list of (tag, attributes, node id)");
            return NULL;
        }
        node_t *root = PyLong_AsVoidPtr(PyTuple_GET_ITEM(it, 2));
        if (root == NULL) {
            if (PyErr_Occurred())
                return NULL;
            continue;
        }
        if (root == last)
            continue;
        last = root;
        node_t *node = root;
        while (node != NULL) {
            node_t *child = f_first_child(node);
            if (f_tag_id(node) != TAG_TEXT && child == NULL) {
                size_t len = 0;
                const unsigned char *name = f_qname(node, &len);
                if (name != NULL && f_type(node) == NODE_ELEMENT &&
                    (name_is(name, len, "script") || name_is(name, len, "style")))
                    Py_RETURN_TRUE;
            }
            node = child != NULL ? child : after_subtree(node, root);
        }
    }
    Py_RETURN_FALSE;
}

static PyMethodDef methods[] = {
    {"setup", setup, METH_VARARGS, "Find lexbor's functions and take blocks.py's helpers."},
    {"walk", walk, METH_VARARGS, "walk(root_mem_id, root_tag, root_words, max_nodes)"},
    {"key_words", key_words_py, METH_O,
     "key_words(key): blocks._words_of_key's words, or None where Python decides (tests)"},
    {"depth_bound_setup", depth_bound_setup, METH_O, "depth_bound_setup(flat_names)"},
    {"depth_bound", depth_bound, METH_O, "depth_bound(html): guard.depth_bound, compiled"},
    {"add_up", add_up, METH_VARARGS,
     "add_up(lines, weights, n_el[, headings, ends]): body.score_elements' sums (weights None:"
     " body._line_weights', computed here)"},
    {"in_chrome", in_chrome, METH_VARARGS,
     "in_chrome(lines, tags, words, good, sets..., 'widget', 'text'): body._in_chrome's pass"},
    {"drop_scan", drop_scan, METH_VARARGS,
     "drop_scan(lines, tags, words, container, kept_ids, wrappers, line_region, text_pos, "
     "title_key, title_word, norm, element_reason, reason, line_rule, block_cls, max_chars, "
     "all_words, tag_reason): "
     "drops._drop_scan_py, compiled"},
    {"drop_regions", drop_regions, METH_VARARGS,
     "drop_regions(lines, tags, words, container, state_of): drops._regions_and_lines_py, "
     "compiled"},
    {"norm_words", norm_words, METH_O,
     "norm_words(s): metadata.norm_words' lower-cased words joined by single spaces, compiled"},
    {"squeeze", squeeze_py, METH_O, "squeeze(s): ' '.join(s.split()), as flush makes it (tests)"},
    {"text_size", text_size_py, METH_O, "text_size(s): blocks.text_size, as flush counts it (tests)"},
    {"block_fills_slots", block_fills_slots, METH_O,
     "True when drop_scan fills the slots of this DroppedBlock class itself (tests)"},
    {"line_fills_slots", line_fills_slots, METH_NOARGS,
     "True when flush fills a Line's slots itself rather than calling Line (tests)"},
    {"count_and_bound", count_and_bound, METH_O,
     "count_and_bound(html): (html.count('<'), depth_bound(html)) in one scan"},
    {"guard_scan", guard_scan, METH_VARARGS,
     "guard_scan(html, n): (html.count('<'), depth_bound(html), long_tag(html, n)) in one scan"},
    {"foreign_depths", foreign_depths, METH_VARARGS,
     "foreign_depths(html, end[, (svg, math)[, start]]): guard.foreign_depths_py, compiled"},
    {"long_tag", long_tag, METH_VARARGS,
     "long_tag(html, n[, start[, svg, math]]): guard.long_tag_py, compiled (a start tag with no '>' in the "
     "n characters after its '<')"},
    {"text_read_direct", text_read_direct, METH_NOARGS,
     "the walk's text-node check: 0 not yet, 1-7 nodes matched so far, 8 reading the bytes "
     "directly, -1 the struct did not match (tests)"},
    {"byline_texts", byline_texts, METH_VARARGS,
     "byline_texts(lines, words, byline_words, max_len, limit): metadata.byline_lines' scan, "
     "compiled (None: Python decides)"},
    {"lines_under", lines_under, METH_VARARGS,
     "lines_under(lines, e[, first_only]): body.lines_under, compiled"},
    {"key_memo_clear", key_memo_clear, METH_NOARGS,
     "key_memo_clear(): forget the words remembered by the bytes of class/id keys (tests)"},
    {"lines_of_words", lines_of_words, METH_VARARGS,
     "lines_of_words(lines, n): the lines of at least n words (article.page_scores)"},
    {"best_container", best_container, METH_VARARGS,
     "best_container(score, tags, words, chrome, boost_tags, positive, negative)"},
    {"wrapper_set", wrapper_set, METH_O,
     "wrapper_set(lines): drops._wrappers_py, compiled (the elements above lines with words)"},
    {"line_marks", line_marks, METH_VARARGS,
     "line_marks(lines, owner, n_el, chrome, boiler, max_density, h1[, first]): the rules of "
     "body.candidates' lines"},
    {"meta_pass", meta_pass, METH_O,
     "meta_pass(root_mem_id): [(tag, attributes, node id)] as tree.css(metadata._ONE_PASS) "
     "lists them, or None when lexbor's node layout is not the expected one"},
    {"node_text", node_text, METH_O,
     "node_text(node id): LexborNode.text(deep=True) of a node meta_pass listed"},
    {"raw_cut", raw_cut, METH_O,
     "raw_cut(data): rawcut.raw_cut_py, compiled (script and style bodies cut before the parse)"},
    {"holds_empty_raw", holds_empty_raw, METH_O,
     "holds_empty_raw(meta_pass items): a listed node is or holds a script/style without "
     "children"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_walk", "The DOM walk of newssift.extract.blocks, compiled.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__walk(void)
{
    return PyModule_Create(&module);
}
