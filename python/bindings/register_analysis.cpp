// register_analysis.cpp — byline._core.Analyzer / ArticleAnalysis (byline/analysis.h),
// byline._core.Corpus (byline/corpus.h) and the claims functions (byline/claims.h).
//
//   >>> analyzer = _core.Analyzer()
//   >>> a = analyzer.analyze(doc)                      # doc with entities; GIL released
//   >>> a.quotes()[0].speaker, a.clusters()[0].canonical      # read-only records
//   >>> a.quotes()[0].to_dict()                                 # its byline.analysis/1 JSON object
//   >>> corpus = _core.Corpus()
//   >>> corpus.add("article-1", doc, a)
//   >>> corpus.link()["entities"][0]["canonical"], corpus.near_duplicates(0.5)
//
// The records (Quote, Mention, Cluster, Role, Boilerplate) are views of the C++ structs of
// byline/analysis.h with read-only fields; to_dict() is the JSON object the C++ writer makes
// for the same record, so the Python view and the JSON cannot drift.
//
// THREAD SAFETY: an Analyzer is immutable (analyze() releases the GIL and may run in many
// threads). An ArticleAnalysis is immutable from Python. A Corpus is not thread-safe in
// C++ (add() mutates), so every Corpus method keeps the GIL: Python threads sharing one
// Corpus are serialised.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.h"
#include "byline/analysis.h"
#include "byline/claims.h"
#include "byline/corpus.h"
#include "byline/doc.h"
#include "byline/tokenizer.h"

namespace byline::python {
namespace {

struct PyAnalyzer {
  std::shared_ptr<const Analyzer> analyzer;
};

py::object index_or_none(std::int32_t i) { return i < 0 ? py::object(py::none()) : py::object(py::int_(i)); }
py::object str_or_none(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

/// The analysis of one article and the text of its boilerplate regions, shared by the
/// record views below (immutable once made).
struct AnalysisData {
  ArticleAnalysis a;
  std::vector<std::string> boilerplate_text;  ///< Doc text of each boilerplate region

  AnalysisData(ArticleAnalysis analysis, const Doc& doc) : a(std::move(analysis)) {
    const std::string_view text = doc.text();
    boilerplate_text.reserve(a.boilerplate.size());
    for (const auto& b : a.boilerplate)
      boilerplate_text.emplace_back(text.substr(b.byte_begin, b.byte_end - b.byte_begin));
  }

  py::object canonical(std::int32_t cluster) const {
    if (cluster < 0 || static_cast<std::size_t>(cluster) >= a.clusters.size()) return py::none();
    return py::str(a.clusters[static_cast<std::size_t>(cluster)].canonical);
  }
};

/// _core.ArticleAnalysis: a shared handle (records keep the analysis alive).
struct PyAnalysis {
  std::shared_ptr<const AnalysisData> d;
};

/// One record of an analysis (_core.Quote, Mention, Cluster, Role, Boilerplate): the
/// analysis plus an index. Fields are read from the C++ struct; to_dict() is the record's
/// JSON object written by ArticleAnalysis::record_json, so the two cannot drift.
template <class T>
struct RecordView {
  std::shared_ptr<const AnalysisData> d;
  std::size_t i = 0;
  const T& r() const;
};
template <>
const Quote& RecordView<Quote>::r() const {
  return d->a.quotes[i];
}
template <>
const Mention& RecordView<Mention>::r() const {
  return d->a.mentions[i];
}
template <>
const EntityCluster& RecordView<EntityCluster>::r() const {
  return d->a.clusters[i];
}
template <>
const Role& RecordView<Role>::r() const {
  return d->a.roles[i];
}
template <>
const BoilerplateRegion& RecordView<BoilerplateRegion>::r() const {
  return d->a.boilerplate[i];
}

template <class T>
constexpr ArticleAnalysis::List list_of();
template <>
constexpr ArticleAnalysis::List list_of<Quote>() {
  return ArticleAnalysis::List::quotes;
}
template <>
constexpr ArticleAnalysis::List list_of<Mention>() {
  return ArticleAnalysis::List::mentions;
}
template <>
constexpr ArticleAnalysis::List list_of<EntityCluster>() {
  return ArticleAnalysis::List::clusters;
}
template <>
constexpr ArticleAnalysis::List list_of<Role>() {
  return ArticleAnalysis::List::roles;
}
template <>
constexpr ArticleAnalysis::List list_of<BoilerplateRegion>() {
  return ArticleAnalysis::List::boilerplate;
}

template <class T>
py::list views(const PyAnalysis& self, const std::vector<T>& list) {
  py::list out;
  for (std::size_t i = 0; i < list.size(); ++i) out.append(py::cast(RecordView<T>{self.d, i}));
  return out;
}

/// The class of one record: read-only fields (added by the caller), to_dict, ==, repr.
template <class T>
py::class_<RecordView<T>> record_class(py::module_& m, const char* name, const char* doc,
                                       std::vector<const char*> repr_fields) {
  using V = RecordView<T>;
  py::class_<V> c(m, name, doc);
  c.def(
       "to_dict",
       [](const V& v) { return py::module_::import("json").attr("loads")(v.d->a.record_json(list_of<T>(), v.i)); },
       "The record's JSON object, as ArticleAnalysis.to_json() writes it (docs/analysis.md).")
      .def("__eq__",
           [](const V& a, py::object other) -> py::object {
             if (!py::isinstance<V>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             const V& b = other.cast<const V&>();
             return py::bool_(a.d->a.record_json(list_of<T>(), a.i) == b.d->a.record_json(list_of<T>(), b.i));
           })
      .def("__repr__", [name, repr_fields](py::object self) {
        std::string out = std::string(name) + "(";
        for (std::size_t k = 0; k < repr_fields.size(); ++k) {
          if (k) out += ", ";
          out += std::string(repr_fields[k]) + "=" + py::repr(self.attr(repr_fields[k])).cast<std::string>();
        }
        return out + ")";
      });
  c.attr("__hash__") = py::none();
  return c;
}

void register_records(py::module_& m) {
  using Q = RecordView<Quote>;
  record_class<Quote>(m, "Quote",
                      "A direct quotation: `text` between the outer quote marks, with its speaker and cue.\n"
                      "Read-only; made by Analysis.quotes.",
                      {"text", "speaker", "cue"})
      .def_property_readonly(
          "text", [](const Q& v) { return v.r().text; }, "The quoted text (quote marks excluded).")
      .def_property_readonly(
          "start_char", [](const Q& v) { return v.r().char_begin; },
          "Code-point offset of the quoted text in doc.text.")
      .def_property_readonly(
          "end_char", [](const Q& v) { return v.r().char_end; }, "Code-point offset one past the quoted text.")
      .def_property_readonly(
          "start_token", [](const Q& v) { return v.r().tok_begin; }, "Index of the first quoted token.")
      .def_property_readonly(
          "end_token", [](const Q& v) { return v.r().tok_end; }, "Index one past the last quoted token.")
      .def_property_readonly(
          "start_byte", [](const Q& v) { return v.r().byte_begin; }, "UTF-8 byte offset of the quoted text.")
      .def_property_readonly(
          "end_byte", [](const Q& v) { return v.r().byte_end; }, "UTF-8 byte offset one past the quoted text.")
      .def_property_readonly(
          "speaker", [](const Q& v) { return v.d->canonical(v.r().speaker_cluster); },
          "Canonical name of the speaker's cluster, or None when unattributed.")
      .def_property_readonly(
          "speaker_cluster", [](const Q& v) { return index_or_none(v.r().speaker_cluster); },
          "Index of the speaker's cluster in Analysis.clusters, or None.")
      .def_property_readonly(
          "speaker_mention", [](const Q& v) { return index_or_none(v.r().speaker_mention); },
          "Index of the mention naming the speaker in Analysis.mentions (for \"he said\" the\n"
          "antecedent), or None.")
      .def_property_readonly(
          "cue", [](const Q& v) { return str_or_none(v.r().cue); },
          "How the speaker was found: \"said\", \"told\", \"according to\", \"he said\",\n"
          "\"continuation\", ... (None when there is no cue).")
      .def_property_readonly(
          "cue_start_char", [](const Q& v) { return v.r().cue_char_begin; },
          "Code-point offset of the cue words (equal to cue_end_char when there are none).")
      .def_property_readonly(
          "cue_end_char", [](const Q& v) { return v.r().cue_char_end; }, "Code-point offset one past the cue words.")
      .def_property_readonly(
          "paragraphs", [](const Q& v) { return v.r().paragraphs; }, "Number of paragraphs the quote spans.")
      .def_property_readonly(
          "in_boilerplate", [](const Q& v) { return v.r().in_boilerplate; },
          "True when the quote lies in a boilerplate region (then it is not attributed).")
      .def_property_readonly(
          "direct", [](const Q& v) { return v.r().direct; },
          "True for a quotation in quote marks; False for reported speech (\"Putin said Russia\n"
          "must lead\": the content clause, without marks).")
      .def_property_readonly(
          "kind", [](const Q& v) { return v.r().kind; },
          "\"speech\", or for quoted words that are not speech \"scare\" or \"title\" (listed only\n"
          "with speech_only=False).");

  using M = RecordView<Mention>;
  record_class<Mention>(m, "Mention",
                        "One mention of a named entity (PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT,\n"
                        "WORK_OF_ART, LAW or LANGUAGE) in the article. Read-only; made by Analysis.mentions.",
                        {"text", "label", "cluster"})
      .def_property_readonly(
          "text", [](const M& v) { return v.r().text; },
          "Surface text (leading \"the\" and trailing possessives trimmed).")
      .def_property_readonly(
          "label", [](const M& v) { return v.r().label; }, "Label of the mention (may differ from its cluster's).")
      .def_property_readonly(
          "start_char", [](const M& v) { return v.r().char_begin; }, "Code-point offset in doc.text.")
      .def_property_readonly(
          "end_char", [](const M& v) { return v.r().char_end; }, "Code-point offset one past the mention.")
      .def_property_readonly(
          "start_token", [](const M& v) { return v.r().tok_begin; }, "Index of the first token.")
      .def_property_readonly(
          "end_token", [](const M& v) { return v.r().tok_end; }, "Index one past the last token.")
      .def_property_readonly(
          "entity", [](const M& v) { return index_or_none(v.r().entity); },
          "Index of the entity in doc.ents it comes from, or None.")
      .def_property_readonly(
          "cluster", [](const M& v) { return index_or_none(v.r().cluster); },
          "Index of its cluster in Analysis.clusters (None inside boilerplate).")
      .def_property_readonly(
          "in_boilerplate", [](const M& v) { return v.r().in_boilerplate; },
          "True when the mention lies in a boilerplate region.");

  using C = RecordView<EntityCluster>;
  record_class<EntityCluster>(m, "Cluster",
                              "The mentions of one entity within an article, with its canonical name. Read-only;\n"
                              "made by Analysis.clusters.",
                              {"id", "label", "canonical", "aliases"})
      .def_property_readonly(
          "id", [](const C& v) { return v.r().id; }, "Index in Analysis.clusters.")
      .def_property_readonly(
          "label", [](const C& v) { return v.r().label; },
          "The name label: PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW\n"
          "or LANGUAGE.")
      .def_property_readonly(
          "canonical", [](const C& v) { return v.r().canonical; },
          "The longest proper full form, or the alias-table name (\"US\" -> \"United States\").")
      .def_property_readonly(
          "mentions", [](const C& v) { return v.r().mentions; },
          "Indices into Analysis.mentions, in text order (a new list).")
      .def_property_readonly(
          "aliases", [](const C& v) { return v.r().aliases; },
          "Distinct surface forms, in first-seen order (a new list).");

  using R = RecordView<Role>;
  record_class<Role>(m, "Role",
                     "A (person, role, organisation-or-place) record, e.g. (\"German Gref\", \"CEO\",\n"
                     "\"Sberbank\"). Read-only; made by Analysis.roles.",
                     {"person", "role", "org"})
      .def_property_readonly(
          "person", [](const R& v) { return v.d->canonical(v.r().person_cluster); },
          "Canonical name of the person's cluster (None when the person is not linked).")
      .def_property_readonly(
          "role", [](const R& v) { return v.r().role; }, "The role as written, e.g. \"first deputy CEO\".")
      .def_property_readonly(
          "org", [](const R& v) { return str_or_none(v.r().org); },
          "Organisation or place (cluster canonical, or the country of a demonym), or None.")
      .def_property_readonly(
          "person_cluster", [](const R& v) { return index_or_none(v.r().person_cluster); },
          "Index of the person's cluster in Analysis.clusters, or None.")
      .def_property_readonly(
          "person_mention", [](const R& v) { return index_or_none(v.r().person_mention); },
          "Index of the person's mention in Analysis.mentions, or None.")
      .def_property_readonly(
          "org_cluster", [](const R& v) { return index_or_none(v.r().org_cluster); },
          "Index of the organisation's cluster, or None.")
      .def_property_readonly(
          "org_mention", [](const R& v) { return index_or_none(v.r().org_mention); },
          "Index of the organisation's mention, or None.")
      .def_property_readonly(
          "pattern", [](const R& v) { return v.r().pattern; },
          "\"premodifier\" (Sberbank CEO German Gref) or \"appositive\" (Gref, Sberbank’s CEO).")
      .def_property_readonly(
          "start_char", [](const R& v) { return v.r().char_begin; }, "Code-point offset of the whole pattern.")
      .def_property_readonly(
          "end_char", [](const R& v) { return v.r().char_end; }, "Code-point offset one past the pattern.")
      .def_property_readonly(
          "start_token", [](const R& v) { return v.r().tok_begin; }, "Index of the first token of the pattern.")
      .def_property_readonly(
          "end_token", [](const R& v) { return v.r().tok_end; }, "Index one past the last token of the pattern.")
      .def_property_readonly(
          "count", [](const R& v) { return v.r().count; },
          "How often the article states this (person, role, organisation); the record is its\n"
          "first statement.");

  using B = RecordView<BoilerplateRegion>;
  record_class<BoilerplateRegion>(m, "Boilerplate",
                                  "A region of the text that is not article content (kept in the text; offsets stay\n"
                                  "valid). Read-only; made by Analysis.boilerplate.",
                                  {"kind", "start_char", "end_char"})
      .def_property_readonly(
          "kind", [](const B& v) { return v.r().kind; },
          "\"share\", \"reading_list\", \"promo\", \"source\" or \"credit\".")
      .def_property_readonly(
          "text", [](const B& v) { return v.d->boilerplate_text[v.i]; }, "The text of the region.")
      .def_property_readonly(
          "start_char", [](const B& v) { return v.r().char_begin; }, "Code-point offset of the region.")
      .def_property_readonly(
          "end_char", [](const B& v) { return v.r().char_end; }, "Code-point offset one past the region.")
      .def_property_readonly(
          "start_token", [](const B& v) { return v.r().tok_begin; }, "Index of the first token.")
      .def_property_readonly(
          "end_token", [](const B& v) { return v.r().tok_end; }, "Index one past the last token.")
      .def_property_readonly(
          "start_byte", [](const B& v) { return v.r().byte_begin; }, "UTF-8 byte offset of the region.")
      .def_property_readonly(
          "end_byte", [](const B& v) { return v.r().byte_end; }, "UTF-8 byte offset one past the region.")
      .def_property_readonly(
          "start_paragraph", [](const B& v) { return v.r().para_begin; },
          "Index of the first paragraph (Doc paragraphs).")
      .def_property_readonly(
          "end_paragraph", [](const B& v) { return v.r().para_end; }, "Index one past the last paragraph.");
}

// The analysis reads the Doc in place with the GIL released: from Python a Doc changes only
// through set_meta(), and the analysis reads no meta (a copy of the Doc, made to guard
// against set_meta, was the largest transient of `byline analyze` on a long text: its whole
// token and entity columns).
PyAnalysis analyze_one(const PyAnalyzer& self, const Doc& doc) {
  ArticleAnalysis a;
  {
    py::gil_scoped_release nogil;  // `doc` stays alive: the call's arguments hold it
    a = self.analyzer->analyze(doc);
  }
  return PyAnalysis{std::make_shared<const AnalysisData>(std::move(a), doc)};
}

std::vector<PyAnalysis> analyze_many(const PyAnalyzer& self, const py::sequence& docs, int threads) {
  int n_threads = resolve_num_threads(threads);
  // References to the Docs themselves, so that another Python thread emptying the list
  // meanwhile cannot free one.
  std::vector<py::object> keep;
  std::vector<const Doc*> ptrs;
  keep.reserve(docs.size());
  ptrs.reserve(docs.size());
  for (const py::handle h : docs) {
    if (!py::isinstance<Doc>(h))
      throw py::type_error("analyze_batch: expected _core.Doc items, not " +
                           std::string(py::str(py::type::handle_of(h).attr("__name__"))));
    keep.push_back(py::reinterpret_borrow<py::object>(h));
    ptrs.push_back(&keep.back().cast<const Doc&>());
  }
  std::vector<PyAnalysis> out;
  {
    py::gil_scoped_release nogil;
    std::vector<ArticleAnalysis> results = self.analyzer->analyze_batch(ptrs.data(), ptrs.size(), n_threads);
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i)
      out.push_back(PyAnalysis{std::make_shared<const AnalysisData>(std::move(results[i]), *ptrs[i])});
  }
  return out;
}

std::unique_ptr<Corpus> make_corpus(int num_hashes, int lsh_rows, int shingle_size, double fuzzy_threshold,
                                    bool exclude_boilerplate, std::uint64_t seed, bool claims) {
  CorpusOptions o;
  o.claims = claims;
  o.num_hashes = num_hashes;
  o.lsh_rows = lsh_rows;
  o.shingle_size = shingle_size;
  o.fuzzy_threshold = fuzzy_threshold;
  o.exclude_boilerplate = exclude_boilerplate;
  o.seed = seed;
  return std::make_unique<Corpus>(o);  // std::invalid_argument (ValueError) for counts < 1
}

py::dict link(const Corpus& c) {
  CorpusLinking l = c.link();
  py::list ents;
  for (const auto& g : l.entities) {
    py::dict d;
    d["id"] = g.id;
    d["label"] = g.label;
    d["canonical"] = g.canonical;
    d["aliases"] = g.aliases;
    d["articles"] = g.articles;
    d["counts"] = g.counts;
    d["mentions"] = g.mentions;
    ents.append(d);
  }
  py::dict out;
  out["entities"] = ents;
  out["cluster_entity"] = l.cluster_entity;
  return out;
}

// ---------------------------------------------------------------- claims (byline/claims.h)

/// Code-point offset -> byte offset in valid UTF-8 `s` (clamped to [0, code points]).
class CharToByte {
 public:
  explicit CharToByte(std::string_view s) {
    starts_.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts_.push_back(static_cast<std::uint32_t>(i));
    starts_.push_back(static_cast<std::uint32_t>(s.size()));
  }
  std::uint32_t operator()(std::int64_t c) const {
    if (c <= 0) return 0;
    auto i = std::min<std::size_t>(static_cast<std::size_t>(c), starts_.size() - 1);
    return starts_[i];
  }

 private:
  std::vector<std::uint32_t> starts_;
};

/// One Python str per sentence string of the claims (they share it), made on first use.
class SentenceStrs {
 public:
  py::str operator()(const std::shared_ptr<const std::string>& s) {
    if (!s) return py::str("");
    if (s.get() != last_) {
      last_ = s.get();
      str_ = py::str(*s);
    }
    return str_;
  }

 private:
  const std::string* last_ = nullptr;
  py::str str_;
};

/// The claims of an analysed article as the dicts of byline.claims.article_claims.
py::list doc_claims(const Doc& doc, const PyAnalysis& a) {
  // linear and allocation-light: runs under the GIL (no copy of the Doc needed)
  std::vector<Claim> claims = article_claims(doc, a.d->a);
  py::module_ json = py::module_::import("json");
  py::list out;
  SentenceStrs sentence;
  for (const Claim& c : claims) {
    py::dict d;
    d["subject_cluster"] = c.subject_cluster;
    d["subject"] = py::str(c.subject);
    d["predicate"] = str_or_none(c.predicate);
    d["label"] = py::str(c.label);
    d["text"] = py::str(c.text);
    d["value"] = c.value.empty() ? py::object(py::none()) : json.attr("loads")(py::str(c.value));
    d["start"] = c.char_begin;
    d["end"] = c.char_end;
    d["sentence"] = sentence(c.sentence_text);
    out.append(std::move(d));
  }
  return out;
}

using SpanTuple = std::tuple<std::int64_t, std::int64_t>;
using ValueTuple = std::tuple<std::int64_t, std::int64_t, std::string, std::string, std::string>;
using NameTuple = std::tuple<std::int64_t, std::int64_t, std::string, std::int64_t, bool>;

/// article_claims over code-point spans of a str: (value index, subject cluster, subject,
/// predicate or None, sentence) per claim.
py::list span_claims(const std::string& text, const std::vector<SpanTuple>& sentences,
                     const std::vector<SpanTuple>& paragraphs, const std::vector<ValueTuple>& values,
                     const std::vector<NameTuple>& names) {
  std::vector<Claim> claims;
  {
    py::gil_scoped_release nogil;
    const CharToByte byte_of(text);
    auto ranges = [&](const std::vector<SpanTuple>& rs) {
      std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
      out.reserve(rs.size());
      for (const auto& [b, e] : rs) out.emplace_back(byte_of(b), byte_of(e));
      return out;
    };
    std::vector<ClaimValueSpan> vs;
    vs.reserve(values.size());
    for (const auto& [b, e, label, vtext, value] : values) vs.push_back({byte_of(b), byte_of(e), label, vtext, value});
    std::vector<ClaimNameSpan> ns;
    ns.reserve(names.size());
    for (const auto& [b, e, label, cluster, boiler] : names)
      ns.push_back({byte_of(b), byte_of(e), label,
                    cluster < 0 || cluster > INT32_MAX ? -1 : static_cast<std::int32_t>(cluster), boiler});
    claims = article_claims(text, ranges(sentences), ranges(paragraphs), vs, ns);
  }
  py::list out;
  SentenceStrs sentence;
  for (const Claim& c : claims)
    out.append(py::make_tuple(c.entity, c.subject_cluster, py::str(c.subject), str_or_none(c.predicate),
                              sentence(c.sentence_text)));
  return out;
}

/// A claim of a Corpus as the row of byline.Corpus.claims() (json_loads: Python's json.loads).
py::dict corpus_claim_row(const Corpus& corpus, const CorpusClaim& r, const py::object& json_loads,
                          SentenceStrs& sentence) {
  py::dict d;
  d["article"] = r.article;
  d["article_id"] = py::str(corpus.article_id(r.article));
  d["subject"] = py::str(r.subject);
  d["entity"] = index_or_none(r.entity);
  d["predicate"] = str_or_none(r.claim.predicate);
  d["label"] = py::str(r.claim.label);
  d["text"] = py::str(r.claim.text);
  d["value"] = r.claim.value.empty() ? py::object(py::none()) : json_loads(py::str(r.claim.value));
  d["start"] = r.claim.char_begin;
  d["end"] = r.claim.char_end;
  d["sentence"] = sentence(r.claim.sentence_text);
  return d;
}

py::list corpus_claims(const Corpus& c) {
  const std::vector<CorpusClaim> claims = c.claims();
  const py::object loads = py::module_::import("json").attr("loads");
  py::list out;
  SentenceStrs sentence;
  for (const CorpusClaim& r : claims) out.append(corpus_claim_row(c, r, loads, sentence));
  return out;
}

py::list corpus_disagreements(const Corpus& c) {
  const std::vector<CorpusClaim> claims = c.claims();
  const std::vector<Disagreement> dis = c.disagreements(claims);
  const py::object loads = py::module_::import("json").attr("loads");
  py::list out;
  SentenceStrs sentence;
  for (const Disagreement& d : dis) {
    const CorpusClaim& r = claims[d.claim];
    py::dict row;
    row["group"] = d.group;
    row["subject"] = py::str(r.subject);
    row["predicate"] = str_or_none(r.claim.predicate);
    row["article_id"] = py::str(c.article_id(r.article));
    row["label"] = py::str(r.claim.label);
    row["text"] = py::str(r.claim.text);
    row["value"] = r.claim.value.empty() ? py::object(py::none()) : loads(py::str(r.claim.value));
    py::list ids;
    for (const std::string& id : d.conflicts_with) ids.append(py::str(id));
    row["conflicts_with"] = ids;
    row["sentence"] = sentence(r.claim.sentence_text);
    out.append(std::move(row));
  }
  return out;
}

}  // namespace

void register_analysis(py::module_& m) {
  register_records(m);

  py::class_<PyAnalysis>(m, "ArticleAnalysis",
                         "The analysis of one article (Analyzer.analyze): boilerplate regions, mentions, entity\n"
                         "clusters with canonical names, roles and quotes, as read-only records (Quote, Mention,\n"
                         "Cluster, Role, Boilerplate). Use byline.Analysis, the Python view on top of it.")
      .def(
          "quotes", [](const PyAnalysis& self) { return views(self, self.d->a.quotes); },
          "Direct quotations (Quote records) in text order.")
      .def(
          "mentions", [](const PyAnalysis& self) { return views(self, self.d->a.mentions); },
          "Mentions of named entities (Mention records) in text order.")
      .def(
          "clusters", [](const PyAnalysis& self) { return views(self, self.d->a.clusters); },
          "Within-article entity clusters (Cluster records; index = id).")
      .def(
          "roles", [](const PyAnalysis& self) { return views(self, self.d->a.roles); },
          "(person, role, organisation-or-place) records (Role).")
      .def(
          "boilerplate", [](const PyAnalysis& self) { return views(self, self.d->a.boilerplate); },
          "Regions that are not article content (Boilerplate records).")
      .def(
          "entity_clusters", [](const PyAnalysis& self) { return self.d->a.entity_cluster; },
          "Cluster index per Doc entity (parallel to Doc.entities(); -1 = not linked).")
      .def(
          "entity_canonical", [](const PyAnalysis& self) { return self.d->a.entity_canonical; },
          "Canonical name per Doc entity (parallel to Doc.entities(); '' = not linked).")
      .def(
          "is_boilerplate_token",
          [](const PyAnalysis& self, std::uint32_t i) { return self.d->a.is_boilerplate_token(i); }, py::arg("i"),
          "True when token i lies in a boilerplate region.")
      .def(
          "to_json",
          [](const PyAnalysis& self) {
            py::gil_scoped_release nogil;
            return self.d->a.to_json();
          },
          "One JSON object following schema 'byline.analysis/1' (docs/analysis.md).")
      .def("__repr__", [](const PyAnalysis& self) {
        return "<byline._core.ArticleAnalysis " + std::to_string(self.d->a.clusters.size()) + " clusters, " +
               std::to_string(self.d->a.quotes.size()) + " quotes>";
      });

  m.def(
      "article_to_json",
      [](const Doc& doc, const PyAnalysis& a, std::optional<int> indent) {
        Doc copy = doc;  // copied under the GIL (meta may change in another Python thread)
        py::gil_scoped_release nogil;
        return article_to_json(copy, a.d->a, indent ? *indent : -1);
      },
      py::arg("doc"), py::arg("analysis"), py::arg("indent") = py::none(),
      "One JSON object for a processed article (schema 'byline.article/1'): the byline.doc/1 object of\n"
      "`doc` with entity clusters and canonical names, plus boilerplate, mentions, clusters, roles and\n"
      "quotes. `analysis` must come from `doc`. indent=None: one line (JSON Lines).");
  m.def(
      "write_article_json",
      [](const Doc& doc, const PyAnalysis& a, const py::object& write, std::optional<int> indent) {
        // Keeps the GIL: `write` is Python, and set_meta() must not change meta meanwhile.
        write_article_json(doc, a.d->a, indent ? *indent : -1,
                           [&write](std::string_view piece) { write(py::str(piece.data(), piece.size())); });
      },
      py::arg("doc"), py::arg("analysis"), py::arg("write"), py::arg("indent") = py::none(),
      "article_to_json(doc, analysis, indent) handed to write(str) a piece of about 1 MiB at a time\n"
      "(their concatenation is the same text), without holding the whole object in memory.");

  m.def(
      "predicate_classes",
      [] {
        std::vector<std::pair<std::string, std::vector<std::string>>> out;
        for (const PredicateClass& c : predicate_classes())
          out.emplace_back(std::string(c.name), std::vector<std::string>(c.stems.begin(), c.stems.end()));
        return out;
      },
      "The event classes of claims and their word stems: [(name, [stems])], in their fixed order.");
  m.def("predicates_of", &predicates_of, py::arg("text"),
        "Names of the event classes the words of `text` name, in predicate_classes() order.");
  m.def("article_claims", &doc_claims, py::arg("doc"), py::arg("analysis"),
        "The claims of an analysed article (`analysis` from `doc`): dicts with subject_cluster, subject,\n"
        "predicate (None when none), label, text, value (parsed JSON), start, end (code points), sentence.");
  m.def("article_claims_spans", &span_claims, py::arg("text"), py::arg("sentences"), py::arg("paragraphs"),
        py::arg("values"), py::arg("mentions"),
        "The claims over code-point spans of `text`: sentences and paragraphs (start, end); values (start, end,\n"
        "label, text, value JSON or ''); mentions (start, end, label, cluster or -1, in_boilerplate). Returns\n"
        "(value index, subject cluster, subject, predicate or None, sentence) per claim. GIL released.");
  m.def(
      "conflicts",
      [](const std::string& label_a, const std::string& value_a, const std::string& label_b,
         const std::string& value_b) { return conflicts(label_a, value_a, label_b, value_b); },
      py::arg("label_a"), py::arg("value_a"), py::arg("label_b"), py::arg("value_b"),
      "Whether two values (label, JSON text; '' = none) cannot both be true.");

  py::class_<PyAnalyzer>(m, "Analyzer",
                         "Article analysis: boilerplate, within-article entity linking, roles and quotes.\n\n"
                         "Immutable and thread-safe; analyze() releases the GIL.")
      .def(py::init([](const std::string& aliases, bool exclude_boilerplate, bool speech_only, bool reported_speech) {
             AnalyzerOptions o;
             o.extra_aliases_path = aliases;
             o.exclude_boilerplate = exclude_boilerplate;
             o.speech_only = speech_only;
             o.reported_speech = reported_speech;
             py::gil_scoped_release nogil;  // may read the alias file
             return PyAnalyzer{std::make_shared<const Analyzer>(o)};
           }),
           py::kw_only(), py::arg("aliases") = "", py::arg("exclude_boilerplate") = true, py::arg("speech_only") = true,
           py::arg("reported_speech") = true,
           "aliases: extra alias file (ALIAS/DEMONYM/ROLE lines) added to the built-in table ('' = none);\n"
           "InputError when unreadable, FormatError for a bad line. exclude_boilerplate: mentions and\n"
           "quotes inside boilerplate are not linked / attributed. speech_only: quotes() lists speech\n"
           "only (False adds scare quotes and titles); reported_speech: find \"X said that ...\".")
      .def("analyze", &analyze_one, py::arg("doc"), "Analyse one Doc (with entities); GIL released.")
      .def("analyze_batch", &analyze_many, py::arg("docs"), py::arg("threads") = 0,
           "analyze() for many Docs on `threads` C++ threads (0 = all cores); results in input order.")
      .def(
          "canonical_alias",
          [](const PyAnalyzer& self, const std::string& name) {
            return std::string(self.analyzer->aliases().canonical(name));
          },
          py::arg("name"), "Canonical name of an alias in the alias table ('US' -> 'United States'), or ''.")
      .def(
          "first_name_gender",
          [](const PyAnalyzer& self, const std::string& name) -> py::object {
            char g = self.analyzer->aliases().first_name_gender(name);
            if (g == 0) return py::none();
            return py::str(std::string(1, g));
          },
          py::arg("first_name"), "'m' or 'f' for a first name listed with one gender only, else None.")
      .def(
          "demonym_country",
          [](const PyAnalyzer& self, const std::string& adj) {
            return std::string(self.analyzer->aliases().demonym_country(adj));
          },
          py::arg("adjective"), "Country of a demonym ('Russian' -> 'Russia'), or ''.")
      .def("__repr__", [](const PyAnalyzer&) { return std::string("<byline._core.Analyzer>"); });

  py::class_<Corpus>(m, "Corpus",
                     "Many analysed articles: global entities (cross-article linking) and MinHash\n"
                     "near-duplicates. Not thread-safe in C++: every method keeps the GIL.")
      .def(py::init(&make_corpus), py::kw_only(), py::arg("num_hashes") = 128, py::arg("lsh_rows") = 4,
           py::arg("shingle_size") = 5, py::arg("fuzzy_threshold") = 0.9, py::arg("exclude_boilerplate") = true,
           py::arg("seed") = 1, py::arg("claims") = true,
           "MinHash functions, rows per LSH band, words per shingle, edit similarity for fuzzy entity\n"
           "matches (> 1 disables), skip boilerplate in signatures, hash seed, keep the articles' claims\n"
           "(False: claims() and disagreements() list none). ValueError for counts < 1.")
      .def(
          "add",
          [](Corpus& c, const std::string& id, const Doc& doc, const PyAnalysis& a) { return c.add(id, doc, a.d->a); },
          py::arg("id"), py::arg("doc"), py::arg("analysis"),
          "Add one article (its Doc and the analysis of that Doc); returns its index.")
      .def("__len__", &Corpus::size, "Number of articles.")
      .def("article_id", &Corpus::article_id, py::arg("i"), "The id of article i (IndexError when out of range).")
      .def("link", &link,
           "Global entities: {'entities': [dicts with id, label, canonical, aliases, articles, counts,\n"
           "mentions]}, 'cluster_entity': [[global id per within-article cluster] per article]}.")
      .def("similarity", &Corpus::similarity, py::arg("i"), py::arg("j"),
           "Estimated Jaccard similarity of the word shingles of articles i and j.")
      .def(
          "similarity_matrix",
          [](const Corpus& c) {
            auto rows = c.similarity_matrix();
            auto n = static_cast<py::ssize_t>(rows.size());
            py::array_t<double> out({n, n});
            auto r = out.mutable_unchecked<2>();
            for (py::ssize_t i = 0; i < n; ++i)
              for (py::ssize_t j = 0; j < n; ++j)
                r(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            return out;
          },
          "All pairwise similarities as a float64 array of shape (n, n).")
      .def(
          "near_duplicates",
          [](const Corpus& c, double threshold) {
            std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> out;
            for (const auto& p : c.near_duplicates(threshold)) out.emplace_back(p.a, p.b, p.similarity);
            return out;
          },
          py::arg("threshold") = 0.5, "Pairs (a, b, similarity) with similarity >= threshold, sorted by (a, b).")
      .def("duplicate_clusters", &Corpus::duplicate_clusters, py::arg("threshold") = 0.5,
           "Groups of >= 2 articles connected by near-duplicate pairs, each sorted.")
      .def("claims", &corpus_claims,
           "The claims of all articles (byline/claims.h), subjects linked: dicts with article, article_id,\n"
           "subject (global canonical name, else the mention text), entity (global id or None), predicate\n"
           "(None when none), label, text, value (parsed JSON), start, end (code points), sentence.")
      .def("disagreements", &corpus_disagreements,
           "The claims of groups whose values contradict each other: dicts with group, subject, predicate,\n"
           "article_id, label, text, value, conflicts_with (sorted distinct article ids), sentence.")
      .def("__repr__",
           [](const Corpus& c) { return "<byline._core.Corpus " + std::to_string(c.size()) + " articles>"; });
}

}  // namespace byline::python
