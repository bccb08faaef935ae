// ArticleAnalysis::to_json — schema "byline.analysis/1" (docs/analysis.md).
#include <nlohmann/json.hpp>

#include "byline/analysis.h"

namespace byline {

std::string ArticleAnalysis::to_json() const {
  using nlohmann::json;
  auto opt = [](std::int32_t v) { return v < 0 ? json(nullptr) : json(v); };
  json j;
  j["schema"] = "byline.analysis/1";
  json& bp = j["boilerplate"] = json::array();
  for (const auto& g : boilerplate)
    bp.push_back({{"kind", g.kind},
                  {"paragraphs", {g.para_begin, g.para_end}},
                  {"tokens", {g.tok_begin, g.tok_end}},
                  {"start", g.char_begin},
                  {"end", g.char_end},
                  {"bytes", {g.byte_begin, g.byte_end}}});
  json& ms = j["mentions"] = json::array();
  for (const auto& m : mentions)
    ms.push_back({{"tokens", {m.tok_begin, m.tok_end}},
                  {"start", m.char_begin},
                  {"end", m.char_end},
                  {"entity", opt(m.entity)},
                  {"label", m.label},
                  {"text", m.text},
                  {"cluster", opt(m.cluster)},
                  {"boilerplate", m.in_boilerplate}});
  json& cs = j["clusters"] = json::array();
  for (const auto& c : clusters)
    cs.push_back({{"id", c.id},
                  {"label", c.label},
                  {"canonical", c.canonical},
                  {"mentions", c.mentions},
                  {"aliases", c.aliases}});
  json& rs = j["roles"] = json::array();
  for (const auto& r : roles)
    rs.push_back({{"person_mention", opt(r.person_mention)},
                  {"person_cluster", opt(r.person_cluster)},
                  {"role", r.role},
                  {"org_mention", opt(r.org_mention)},
                  {"org_cluster", opt(r.org_cluster)},
                  {"org", r.org.empty() ? json(nullptr) : json(r.org)},
                  {"tokens", {r.tok_begin, r.tok_end}},
                  {"start", r.char_begin},
                  {"end", r.char_end},
                  {"pattern", r.pattern}});
  json& qs = j["quotes"] = json::array();
  for (const auto& q : quotes)
    qs.push_back({{"tokens", {q.tok_begin, q.tok_end}},
                  {"start", q.char_begin},
                  {"end", q.char_end},
                  {"bytes", {q.byte_begin, q.byte_end}},
                  {"text", q.text},
                  {"speaker_mention", opt(q.speaker_mention)},
                  {"speaker_cluster", opt(q.speaker_cluster)},
                  {"cue", q.cue.empty() ? json(nullptr) : json(q.cue)},
                  {"cue_tokens", {q.cue_tok_begin, q.cue_tok_end}},
                  {"cue_start", q.cue_char_begin},
                  {"cue_end", q.cue_char_end},
                  {"paragraphs", q.paragraphs},
                  {"boilerplate", q.in_boilerplate}});
  j["entity_cluster"] = json::array();
  for (auto c : entity_cluster) j["entity_cluster"].push_back(opt(c));
  j["entity_canonical"] = entity_canonical;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string article_to_json(const Doc& doc, const ArticleAnalysis& analysis, int indent) {
  using nlohmann::json;
  json j = json::parse(doc.to_json());
  json a = json::parse(analysis.to_json());
  j["schema"] = "byline.article/1";
  auto& ents = j["entities"];
  for (std::size_t e = 0; e < ents.size(); ++e) {
    const bool linked = e < analysis.entity_cluster.size() && analysis.entity_cluster[e] >= 0;
    ents[e]["cluster"] = linked ? json(analysis.entity_cluster[e]) : json(nullptr);
    ents[e]["canonical"] = linked ? json(analysis.entity_canonical[e]) : json(nullptr);
  }
  auto canonical = [&](std::int32_t c) {
    return c >= 0 && static_cast<std::size_t>(c) < analysis.clusters.size()
               ? json(analysis.clusters[static_cast<std::size_t>(c)].canonical)
               : json(nullptr);
  };
  for (std::size_t i = 0; i < analysis.quotes.size(); ++i)
    a["quotes"][i]["speaker"] = canonical(analysis.quotes[i].speaker_cluster);
  for (std::size_t i = 0; i < analysis.roles.size(); ++i)
    a["roles"][i]["person"] = canonical(analysis.roles[i].person_cluster);
  for (const char* key : {"boilerplate", "mentions", "clusters", "roles", "quotes"}) j[key] = std::move(a[key]);
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace byline
