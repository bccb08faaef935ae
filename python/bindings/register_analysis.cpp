// register_analysis.cpp — byline._core.Analyzer / ArticleAnalysis (byline/analysis.h) and
// byline._core.Corpus (byline/corpus.h).
//
//   >>> analyzer = _core.Analyzer()
//   >>> a = analyzer.analyze(doc)                      # doc with entities; GIL released
//   >>> a.quotes()[0]["speaker"], a.clusters()[0]["canonical"]
//   >>> corpus = _core.Corpus()
//   >>> corpus.add("article-1", doc, a)
//   >>> corpus.link()["entities"][0]["canonical"], corpus.near_duplicates(0.5)
//
// Results are converted to plain Python lists/dicts; python/byline/analysis.py wraps
// them in Quote / Cluster / Mention / Role / Boilerplate objects and DataFrames.
//
// THREAD SAFETY: an Analyzer is immutable (analyze() releases the GIL and may run in many
// threads). An ArticleAnalysis is immutable from Python. A Corpus is not thread-safe in
// C++ (add() mutates), so every Corpus method keeps the GIL: Python threads sharing one
// Corpus are serialised.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "byline/analysis.h"
#include "byline/corpus.h"
#include "byline/doc.h"
#include "byline/tokenizer.h"

namespace byline::python {
namespace {

struct PyAnalyzer {
  std::shared_ptr<const Analyzer> analyzer;
};

py::object index_or_none(std::int32_t i) { return i < 0 ? py::object(py::none()) : py::object(py::int_(i)); }

/// The analysis of one article (the C++ record; the dicts below are views of its fields).
struct PyAnalysis {
  ArticleAnalysis a;

  PyAnalysis(ArticleAnalysis analysis, const Doc&) : a(std::move(analysis)) {}

  std::string canonical(std::int32_t cluster) const {
    return cluster >= 0 && static_cast<std::size_t>(cluster) < a.clusters.size() ? a.clusters[cluster].canonical
                                                                                 : std::string();
  }
};

PyAnalysis analyze_one(const PyAnalyzer& self, const Doc& doc) {
  Doc copy = doc;  // copied under the GIL: Doc.set_meta may run in another Python thread
  py::gil_scoped_release nogil;
  return PyAnalysis(self.analyzer->analyze(copy), copy);
}

std::vector<PyAnalysis> analyze_many(const PyAnalyzer& self, const std::vector<const Doc*>& docs, int threads) {
  int n_threads = resolve_num_threads(threads);
  std::vector<Doc> copies;
  copies.reserve(docs.size());
  for (const Doc* d : docs) copies.push_back(*d);
  std::vector<PyAnalysis> out;
  {
    py::gil_scoped_release nogil;
    std::vector<ArticleAnalysis> results = self.analyzer->analyze_batch(copies, n_threads);
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) out.emplace_back(std::move(results[i]), copies[i]);
  }
  return out;
}

py::list quotes(const PyAnalysis& self) {
  py::list out;
  for (std::size_t i = 0; i < self.a.quotes.size(); ++i) {
    const Quote& q = self.a.quotes[i];
    py::dict d;
    d["text"] = q.text;
    d["start"] = q.char_begin;
    d["end"] = q.char_end;
    d["start_byte"] = q.byte_begin;
    d["end_byte"] = q.byte_end;
    d["tok_begin"] = q.tok_begin;
    d["tok_end"] = q.tok_end;
    d["speaker_cluster"] = index_or_none(q.speaker_cluster);
    d["speaker_mention"] = index_or_none(q.speaker_mention);
    d["speaker"] =
        q.speaker_cluster >= 0 ? py::object(py::str(self.canonical(q.speaker_cluster))) : py::object(py::none());
    d["cue"] = q.cue.empty() ? py::object(py::none()) : py::object(py::str(q.cue));  // as the JSON: null
    d["cue_start"] = q.cue_char_begin;
    d["cue_end"] = q.cue_char_end;
    d["paragraphs"] = q.paragraphs;
    d["in_boilerplate"] = q.in_boilerplate;
    out.append(d);
  }
  return out;
}

py::list mentions(const PyAnalysis& self) {
  py::list out;
  for (std::size_t i = 0; i < self.a.mentions.size(); ++i) {
    const Mention& m = self.a.mentions[i];
    py::dict d;
    d["text"] = m.text;
    d["label"] = m.label;
    d["start"] = m.char_begin;
    d["end"] = m.char_end;
    d["tok_begin"] = m.tok_begin;
    d["tok_end"] = m.tok_end;
    d["entity"] = index_or_none(m.entity);
    d["cluster"] = index_or_none(m.cluster);
    d["in_boilerplate"] = m.in_boilerplate;
    out.append(d);
  }
  return out;
}

py::list clusters(const PyAnalysis& self) {
  py::list out;
  for (const auto& c : self.a.clusters) {
    py::dict d;
    d["id"] = c.id;
    d["label"] = c.label;
    d["canonical"] = c.canonical;
    d["mentions"] = c.mentions;
    d["aliases"] = c.aliases;
    out.append(d);
  }
  return out;
}

py::list roles(const PyAnalysis& self) {
  py::list out;
  for (std::size_t i = 0; i < self.a.roles.size(); ++i) {
    const Role& r = self.a.roles[i];
    py::dict d;
    d["person"] =
        r.person_cluster >= 0 ? py::object(py::str(self.canonical(r.person_cluster))) : py::object(py::none());
    d["person_cluster"] = index_or_none(r.person_cluster);
    d["person_mention"] = index_or_none(r.person_mention);
    d["role"] = r.role;
    d["org"] = r.org.empty() ? py::object(py::none()) : py::object(py::str(r.org));
    d["org_cluster"] = index_or_none(r.org_cluster);
    d["org_mention"] = index_or_none(r.org_mention);
    d["pattern"] = r.pattern;
    d["start"] = r.char_begin;
    d["end"] = r.char_end;
    d["tok_begin"] = r.tok_begin;
    d["tok_end"] = r.tok_end;
    out.append(d);
  }
  return out;
}

py::list boilerplate(const PyAnalysis& self) {
  py::list out;
  for (const auto& b : self.a.boilerplate) {
    py::dict d;
    d["kind"] = b.kind;
    d["start"] = b.char_begin;
    d["end"] = b.char_end;
    d["start_byte"] = b.byte_begin;
    d["end_byte"] = b.byte_end;
    d["tok_begin"] = b.tok_begin;
    d["tok_end"] = b.tok_end;
    d["para_begin"] = b.para_begin;
    d["para_end"] = b.para_end;
    out.append(d);
  }
  return out;
}

std::unique_ptr<Corpus> make_corpus(int num_hashes, int lsh_rows, int shingle_size, double fuzzy_threshold,
                                    bool exclude_boilerplate, std::uint64_t seed) {
  CorpusOptions o;
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

}  // namespace

void register_analysis(py::module_& m) {
  py::class_<PyAnalysis>(m, "ArticleAnalysis",
                         "The analysis of one article (Analyzer.analyze): boilerplate regions, mentions, entity\n"
                         "clusters with canonical names, roles and quotes. Offsets 'start'/'end' are code points\n"
                         "(Python str indices). Use byline.Analysis, the Python view on top of it.")
      .def("quotes", &quotes,
           "Direct quotations as dicts: text, start, end (quoted text, marks excluded), speaker (canonical\n"
           "name or None), speaker_cluster, speaker_mention, cue, cue_start, cue_end, paragraphs,\n"
           "in_boilerplate, start_byte, end_byte, tok_begin, tok_end.")
      .def("mentions", &mentions,
           "Entity mentions as dicts: text, label, start, end, tok_begin, tok_end, entity (Doc entity\n"
           "index or None), cluster (or None), in_boilerplate.")
      .def("clusters", &clusters,
           "Within-article entity clusters as dicts: id, label, canonical, mentions (indices into\n"
           "mentions()), aliases.")
      .def("roles", &roles,
           "(person, role, organisation-or-place) records as dicts: person (canonical), person_cluster,\n"
           "person_mention, role, org (or None), org_cluster, org_mention, pattern ('premodifier' or\n"
           "'appositive'), start, end, tok_begin, tok_end.")
      .def("boilerplate", &boilerplate,
           "Regions that are not article content as dicts: kind ('share', 'reading_list', 'promo',\n"
           "'source', 'credit'), start, end, start_byte, end_byte, tok_begin, tok_end, para_begin, para_end.")
      .def(
          "entity_clusters", [](const PyAnalysis& self) { return self.a.entity_cluster; },
          "Cluster index per Doc entity (parallel to Doc.entities(); -1 = not linked).")
      .def(
          "entity_canonical", [](const PyAnalysis& self) { return self.a.entity_canonical; },
          "Canonical name per Doc entity (parallel to Doc.entities(); '' = not linked).")
      .def(
          "is_boilerplate_token",
          [](const PyAnalysis& self, std::uint32_t i) { return self.a.is_boilerplate_token(i); }, py::arg("i"),
          "True when token i lies in a boilerplate region.")
      .def(
          "to_json",
          [](const PyAnalysis& self) {
            py::gil_scoped_release nogil;
            return self.a.to_json();
          },
          "One JSON object following schema 'byline.analysis/1' (docs/analysis.md).")
      .def("__repr__", [](const PyAnalysis& self) {
        return "<byline._core.ArticleAnalysis " + std::to_string(self.a.clusters.size()) + " clusters, " +
               std::to_string(self.a.quotes.size()) + " quotes>";
      });

  m.def(
      "article_to_json",
      [](const Doc& doc, const PyAnalysis& a, std::optional<int> indent) {
        Doc copy = doc;  // copied under the GIL (meta may change in another Python thread)
        py::gil_scoped_release nogil;
        return article_to_json(copy, a.a, indent ? *indent : -1);
      },
      py::arg("doc"), py::arg("analysis"), py::arg("indent") = py::none(),
      "One JSON object for a processed article (schema 'byline.article/1'): the byline.doc/1 object of\n"
      "`doc` with entity clusters and canonical names, plus boilerplate, mentions, clusters, roles and\n"
      "quotes. `analysis` must come from `doc`. indent=None: one line (JSON Lines).");

  py::class_<PyAnalyzer>(m, "Analyzer",
                         "Article analysis: boilerplate, within-article entity linking, roles and quotes.\n\n"
                         "Immutable and thread-safe; analyze() releases the GIL.")
      .def(py::init([](const std::string& aliases, bool exclude_boilerplate) {
             AnalyzerOptions o;
             o.extra_aliases_path = aliases;
             o.exclude_boilerplate = exclude_boilerplate;
             py::gil_scoped_release nogil;  // may read the alias file
             return PyAnalyzer{std::make_shared<const Analyzer>(o)};
           }),
           py::kw_only(), py::arg("aliases") = "", py::arg("exclude_boilerplate") = true,
           "aliases: extra alias file (ALIAS/DEMONYM/ROLE lines) added to the built-in table ('' = none);\n"
           "InputError when unreadable, FormatError for a bad line. exclude_boilerplate: mentions and\n"
           "quotes inside boilerplate are not linked / attributed.")
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
           py::arg("seed") = 1,
           "MinHash functions, rows per LSH band, words per shingle, edit similarity for fuzzy entity\n"
           "matches (> 1 disables), skip boilerplate in signatures, hash seed. ValueError for counts < 1.")
      .def(
          "add",
          [](Corpus& c, const std::string& id, const Doc& doc, const PyAnalysis& a) { return c.add(id, doc, a.a); },
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
      .def("__repr__",
           [](const Corpus& c) { return "<byline._core.Corpus " + std::to_string(c.size()) + " articles>"; });
}

}  // namespace byline::python
