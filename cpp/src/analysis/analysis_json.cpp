// ArticleAnalysis::to_json and record_json — schema "byline.analysis/1" (docs/analysis.md).
// Each record's JSON form is written by one function below; to_json(), article_to_json()
// and the Python records' to_dict() all use them.
#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "byline/analysis.h"

namespace byline {
namespace {

using nlohmann::json;

json opt(std::int32_t v) { return v < 0 ? json(nullptr) : json(v); }

json canonical(const ArticleAnalysis& a, std::int32_t c) {
  return c >= 0 && static_cast<std::size_t>(c) < a.clusters.size()
             ? json(a.clusters[static_cast<std::size_t>(c)].canonical)
             : json(nullptr);
}

json record(const ArticleAnalysis&, const BoilerplateRegion& g) {
  return {{"kind", g.kind},
          {"paragraphs", {g.para_begin, g.para_end}},
          {"tokens", {g.tok_begin, g.tok_end}},
          {"start", g.char_begin},
          {"end", g.char_end},
          {"bytes", {g.byte_begin, g.byte_end}}};
}

json record(const ArticleAnalysis&, const Mention& m) {
  return {{"tokens", {m.tok_begin, m.tok_end}},
          {"start", m.char_begin},
          {"end", m.char_end},
          {"entity", opt(m.entity)},
          {"label", m.label},
          {"text", m.text},
          {"cluster", opt(m.cluster)},
          {"boilerplate", m.in_boilerplate}};
}

json record(const ArticleAnalysis&, const EntityCluster& c) {
  return {
      {"id", c.id}, {"label", c.label}, {"canonical", c.canonical}, {"mentions", c.mentions}, {"aliases", c.aliases}};
}

json record(const ArticleAnalysis& a, const Role& r) {
  return {{"person", canonical(a, r.person_cluster)},
          {"person_mention", opt(r.person_mention)},
          {"person_cluster", opt(r.person_cluster)},
          {"role", r.role},
          {"org_mention", opt(r.org_mention)},
          {"org_cluster", opt(r.org_cluster)},
          {"org", r.org.empty() ? json(nullptr) : json(r.org)},
          {"tokens", {r.tok_begin, r.tok_end}},
          {"start", r.char_begin},
          {"end", r.char_end},
          {"pattern", r.pattern},
          {"count", r.count}};
}

json record(const ArticleAnalysis& a, const Quote& q) {
  return {{"tokens", {q.tok_begin, q.tok_end}},
          {"start", q.char_begin},
          {"end", q.char_end},
          {"bytes", {q.byte_begin, q.byte_end}},
          {"text", q.text},
          {"speaker", canonical(a, q.speaker_cluster)},
          {"speaker_mention", opt(q.speaker_mention)},
          {"speaker_cluster", opt(q.speaker_cluster)},
          {"cue", q.cue.empty() ? json(nullptr) : json(q.cue)},
          {"cue_tokens", {q.cue_tok_begin, q.cue_tok_end}},
          {"cue_start", q.cue_char_begin},
          {"cue_end", q.cue_char_end},
          {"paragraphs", q.paragraphs},
          {"boilerplate", q.in_boilerplate},
          {"direct", q.direct},
          {"kind", q.kind}};
}

template <class T>
json records(const ArticleAnalysis& a, const std::vector<T>& list) {
  json out = json::array();
  for (const T& r : list) out.push_back(record(a, r));
  return out;
}

template <class T>
const T& at(const std::vector<T>& list, std::size_t i, const char* name) {
  if (i >= list.size())
    throw std::out_of_range(std::string("record_json: index ") + std::to_string(i) + " is out of range for " +
                            std::to_string(list.size()) + " " + name);
  return list[i];
}

/// The five record lists of `a` into `j` (in schema order).
void put_lists(const ArticleAnalysis& a, json& j) {
  j["boilerplate"] = records(a, a.boilerplate);
  j["mentions"] = records(a, a.mentions);
  j["clusters"] = records(a, a.clusters);
  j["roles"] = records(a, a.roles);
  j["quotes"] = records(a, a.quotes);
}

}  // namespace

std::string ArticleAnalysis::record_json(List list, std::size_t i) const {
  json j;
  switch (list) {
    case List::boilerplate:
      j = record(*this, at(boilerplate, i, "boilerplate regions"));
      break;
    case List::mentions:
      j = record(*this, at(mentions, i, "mentions"));
      break;
    case List::clusters:
      j = record(*this, at(clusters, i, "clusters"));
      break;
    case List::roles:
      j = record(*this, at(roles, i, "roles"));
      break;
    case List::quotes:
      j = record(*this, at(quotes, i, "quotes"));
      break;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ArticleAnalysis::to_json() const {
  json j;
  j["schema"] = "byline.analysis/1";
  put_lists(*this, j);
  j["entity_cluster"] = json::array();
  for (auto c : entity_cluster) j["entity_cluster"].push_back(opt(c));
  j["entity_canonical"] = entity_canonical;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

/// Writes one JSON object as json::dump(indent) writes it (members in key order; each
/// member a value, or an array whose elements are made one at a time), to `write` in
/// pieces of about kPiece bytes that end between members or elements.
class ObjectWriter {
 public:
  static constexpr std::size_t kPiece = std::size_t{1} << 20;

  ObjectWriter(int indent, const std::function<void(std::string_view)>& write) : indent_(indent), write_(write) {}

  /// One member: `value` made and dumped when its turn comes.
  void member(std::string key, std::function<json()> value) {
    members_.push_back({std::move(key), 0, [v = std::move(value)](std::size_t) { return v(); }, false});
  }
  /// One array member of `n` elements, element(i) made and dumped one at a time.
  void array(std::string key, std::size_t n, std::function<json(std::size_t)> element) {
    members_.push_back({std::move(key), n, std::move(element), true});
  }

  void finish() {
    std::sort(members_.begin(), members_.end(), [](const Member& a, const Member& b) { return a.key < b.key; });
    const bool pretty = indent_ >= 0;
    const std::size_t step = pretty ? static_cast<std::size_t>(indent_) : 0;
    if (members_.empty()) {
      out_ += "{}";
    } else {
      out_ += pretty ? "{\n" : "{";
      for (std::size_t m = 0; m < members_.size(); ++m) {
        const Member& mem = members_[m];
        out_.append(step, ' ');
        out_ += json(mem.key).dump();
        out_ += pretty ? ": " : ":";
        if (!mem.is_array) {
          put(mem.make(0), step);
        } else if (mem.n == 0) {
          out_ += "[]";
        } else {
          out_ += pretty ? "[\n" : "[";
          for (std::size_t i = 0; i < mem.n; ++i) {
            out_.append(2 * step, ' ');
            put(mem.make(i), 2 * step);
            if (i + 1 < mem.n) out_ += pretty ? ",\n" : ",";
            if (out_.size() >= kPiece) flush();
          }
          out_ += pretty ? "\n" : "";
          out_.append(step, ' ');
          out_ += "]";
        }
        if (m + 1 < members_.size()) out_ += pretty ? ",\n" : ",";
        if (out_.size() >= kPiece) flush();
      }
      out_ += pretty ? "\n}" : "}";
    }
    flush();
  }

 private:
  struct Member {
    std::string key;
    std::size_t n;
    std::function<json(std::size_t)> make;
    bool is_array;
  };

  /// `v` dumped at `depth` spaces: its own lines shifted right by that much (a newline
  /// in a dump is always structure: strings escape theirs).
  void put(const json& v, std::size_t depth) {
    const std::string s = v.dump(indent_, ' ', false, json::error_handler_t::replace);
    if (indent_ < 0 || depth == 0) {
      out_ += s;
      return;
    }
    for (char c : s) {
      out_ += c;
      if (c == '\n') out_.append(depth, ' ');
    }
  }

  void flush() {
    if (out_.empty()) return;
    write_(out_);
    out_.clear();
  }

  int indent_;
  const std::function<void(std::string_view)>& write_;
  std::vector<Member> members_;
  std::string out_;
};

json span_pair(std::uint32_t a, std::uint32_t b) { return json::array({a, b}); }

}  // namespace

void write_article_json(const Doc& doc, const ArticleAnalysis& analysis, int indent,
                        const std::function<void(std::string_view)>& write) {
  // The members of Doc::to_json (schema byline.doc/1), with "schema" byline.article/1 and
  // each entity's cluster and canonical name, then the analysis lists: the object
  // article_to_json built as a DOM before, member for member.
  const auto& cb = doc.token_char_begin();
  const auto& ce = doc.token_char_end();
  ObjectWriter w(indent, write);
  w.member("schema", [] { return json("byline.article/1"); });
  w.member("text", [&] { return json(doc.text()); });
  w.array("tokens", doc.size(), [&](std::size_t i) { return span_pair(cb[i], ce[i]); });
  w.array("token_kinds", doc.size(), [&](std::size_t i) { return json(token_kind_name(doc.kind(i))); });
  auto ranges = [&](const char* key, const std::vector<TokenRange>& rs) {
    const TokenRange* r = rs.data();
    w.array(key, rs.size(), [&cb, &ce, r](std::size_t i) { return span_pair(cb[r[i].begin], ce[r[i].end - 1]); });
  };
  ranges("sentences", doc.sentences());
  ranges("paragraphs", doc.paragraphs());
  w.array("entities", doc.num_entities(), [&](std::size_t i) {
    const Entity ent = doc.entity(i);
    const std::uint32_t tb = ent.tok_begin, te = ent.tok_end;
    json e;
    e["start"] = cb[tb];
    e["end"] = ce[te - 1];
    e["text"] = doc.text().substr(doc.token_begin()[tb], doc.token_end()[te - 1] - doc.token_begin()[tb]);
    e["label"] = ent.label;
    e["score"] = ent.score;
    e["source"] = entity_source_name(ent.source);
    e["tokens"] = span_pair(tb, te);
    if (!ent.value.empty()) {
      json v = json::parse(ent.value, nullptr, /*allow_exceptions=*/false);
      e["value"] = v.is_discarded() ? json(ent.value) : v;
    } else {
      e["value"] = nullptr;
    }
    const bool linked = i < analysis.entity_cluster.size() && analysis.entity_cluster[i] >= 0;
    e["cluster"] = linked ? json(analysis.entity_cluster[i]) : json(nullptr);
    e["canonical"] = linked ? json(analysis.entity_canonical[i]) : json(nullptr);
    return e;
  });
  w.member("meta", [&] { return json(doc.meta()); });
  w.member("utf8_replaced", [&] { return json(doc.utf8_replaced()); });
  auto list = [&](const char* key, const auto& records) {
    const auto* list = &records;
    w.array(key, records.size(), [&analysis, list](std::size_t i) { return record(analysis, (*list)[i]); });
  };
  list("boilerplate", analysis.boilerplate);
  list("mentions", analysis.mentions);
  list("clusters", analysis.clusters);
  list("roles", analysis.roles);
  list("quotes", analysis.quotes);
  w.finish();
}

std::string article_to_json(const Doc& doc, const ArticleAnalysis& analysis, int indent) {
  std::string out;
  write_article_json(doc, analysis, indent, [&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace byline
