// ArticleAnalysis::to_json and record_json — schema "byline.analysis/1" (docs/analysis.md).
// Each record's JSON form is written by one function below; to_json(), article_to_json()
// and the Python records' to_dict() all use them.
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

std::string article_to_json(const Doc& doc, const ArticleAnalysis& analysis, int indent) {
  json j = json::parse(doc.to_json());
  j["schema"] = "byline.article/1";
  auto& ents = j["entities"];
  for (std::size_t e = 0; e < ents.size(); ++e) {
    const bool linked = e < analysis.entity_cluster.size() && analysis.entity_cluster[e] >= 0;
    ents[e]["cluster"] = linked ? json(analysis.entity_cluster[e]) : json(nullptr);
    ents[e]["canonical"] = linked ? json(analysis.entity_canonical[e]) : json(nullptr);
  }
  put_lists(analysis, j);
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace byline
