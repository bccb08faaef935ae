// The merge policy (rules.h, MERGE POLICY) and span conventions.
#include <algorithm>
#include <array>
#include <numeric>

#include "byline/rules.h"
#include "rules/text_util.h"

namespace byline {

using internal::rules::glued;
using internal::rules::is_possessive;
using internal::rules::name_tail;
using internal::rules::tok_text;

namespace internal::rules {
namespace {

/// Short lower-case words that follow a name in a compound and have the shape of a
/// syllable ("Biden-run", "Trump-free"); longer compound heads ("based", "era", "led",
/// "esque") do not have that shape (name_tail).
bool compound_head(std::string_view t) {
  static const std::array<std::string_view, 7> k = {"run", "free", "year", "man", "fan", "bot", "win"};
  return std::find(k.begin(), k.end(), t) != k.end();
}

/// One romanised syllable: up to two consonants, one to three vowels and at most one
/// final n, ng, m, k, l, p, t, h or r ("un", "in", "yeol", "moon", "bak", "ching", "jeou").
bool syllable(std::string_view t) {
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  std::size_t i = 0;
  while (i < t.size() && i < 2 && t[i] >= 'a' && t[i] <= 'z' && !vowel(t[i])) ++i;
  const std::size_t v = i;
  while (i < t.size() && i - v < 3 && vowel(t[i])) ++i;
  if (i == v) return false;
  const std::string_view coda = t.substr(i);
  return coda.empty() || coda == "ng" ||
         (coda.size() == 1 && std::string_view("nmklpthr").find(coda[0]) != std::string_view::npos);
}

}  // namespace

/// Particles inside place and person names written with hyphens ("Chester-le-Street",
/// "Port-au-Prince", "Inzamam-ul-Haq", "Rostov-on-Don", "Weston-super-Mare").
bool name_particle(std::string_view t) {
  static const std::array<std::string_view, 36> k = {
      "le", "la", "les", "de",  "du",   "des", "di",  "da",   "del",   "della", "dos", "das",
      "do", "au", "aux", "sur", "sous", "en",  "on",  "upon", "under", "super", "lez", "ul",
      "ur", "al", "el",  "e",   "i",    "y",   "bin", "ibn",  "van",   "von",   "der", "den"};
  return std::find(k.begin(), k.end(), t) != k.end();
}

/// A lower-case part of a hyphenated name after the tokenizer's split at the hyphen: a name
/// particle followed inside the token by a capital ("le-Street" of Chester-le-Street,
/// "au-Prince", "ul-Haq"; not "to-Chicago"), or, in a person's name of two or more words,
/// the last syllable of a given name ("un" of Kim Jong-un, "in" of Moon Jae-in, "yeol";
/// not "based", "esque", "run").
bool name_tail(std::string_view t, bool person_of_two) {
  if (t.empty() || t[0] < 'a' || t[0] > 'z') return false;
  const std::size_t hyphen = t.find('-');
  if (hyphen != std::string_view::npos)
    return hyphen + 1 < t.size() && t[hyphen + 1] >= 'A' && t[hyphen + 1] <= 'Z' && name_particle(t.substr(0, hyphen));
  return person_of_two && syllable(t) && !compound_head(t);
}

}  // namespace internal::rules

namespace {

// Used when no title list is given: the commonest news titles.
bool builtin_title(std::string_view t) {
  static const std::array<std::string_view, 22> k = {
      "Mr.",        "Mrs.", "Ms.",     "Dr.",  "Mr",      "Mrs",  "Ms",   "Dr",       "President", "Prime", "Minister",
      "Chancellor", "Gen.", "General", "Sen.", "Senator", "Rep.", "Gov.", "Governor", "King",      "Queen", "Pope"};
  for (auto w : k)
    if (w == t) return true;
  return false;
}

/// Titles that are also words of names ("Martin Luther King", "Cambridge Judge Business
/// School", "Prince Edward Island") never split a name (see resolve_overlaps).
bool role_title(std::string_view t) {
  static const std::array<std::string_view, 16> k = {"King",  "Queen", "Prince", "Princess", "Judge", "Justice",
                                                     "Lord",  "Lady",  "Sir",    "Dame",     "Duke",  "Earl",
                                                     "Major", "Dean",  "Bishop", "Marshal"};
  for (auto w : k)
    if (w == t) return false;
  return true;
}

/// Words that end organisation names, so a name after a role is not a person.
bool org_word(std::string_view t) {
  static const std::array<std::string_view, 24> k = {
      "School",    "University",  "College",    "Institute", "Bank",     "Group",   "Business", "Council",
      "Committee", "Party",       "Ministry",   "Cup",       "Hospital", "Company", "Corp",     "Inc",
      "Ltd",       "Association", "Foundation", "Agency",    "Court",    "Church",  "Club",     "Office"};
  for (auto w : k)
    if (w == t) return true;
  return false;
}

/// Words that end organisation names beyond org_word: company designators, the
/// commonest heads of organisation names ("Beijing-Santiago Copper Tube Co",
/// "US-China Economic and Security Review Commission") and of treaty and meeting names
/// ("US-Japan Security Treaty").
bool org_end_word(std::string_view t) {
  static const std::array<std::string_view, 49> k = {
      "Co",        "Co.",      "Corp.",        "Inc.",         "Ltd.",     "LLC",        "Plc",
      "PLC",       "plc",      "AG",           "SA",           "S.A.",     "NV",         "N.V.",
      "GmbH",      "Holdings", "Corporation",  "Commission",   "Forum",    "Alliance",   "Federation",
      "Union",     "Chamber",  "Fund",         "Society",      "Board",    "Authority",  "Airlines",
      "Airways",   "Partners", "Trust",        "Centre",       "Center",   "Bureau",     "Department",
      "Service",   "Services", "Organisation", "Organization", "Exchange", "Consortium", "Treaty",
      "Agreement", "Accord",   "Pact",         "Convention",   "Protocol", "Summit",     "Talks"};
  if (org_word(t)) return true;
  for (auto w : k)
    if (w == t) return true;
  return false;
}

/// A word that can be a surname: two or more letters, the first a capital, no digits or
/// punctuation ("Gref", "O'Neil" is not taken: the rule is for plain names).
bool name_word(std::string_view t) {
  if (t.size() < 2) return false;
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (static_cast<unsigned char>(c) >= 0x80))) return false;
  return true;
}

/// Whether a gazetteer match labelled `gaz` may relabel a model entity labelled
/// `model` of the same extent: a place stays a place (GPE <-> LOC, the lists know
/// countries and cities), a nationality-like MISC may become NORP. A model PERSON or
/// ORG (a team named after its city, "Washington" the person) and a MISC place word
/// ("Arctic" in "Arctic Council") keep their label: the model saw the context.
bool gazetteer_may_relabel(std::string_view model, std::string_view gaz) {
  const bool model_place = model == "GPE" || model == "LOC";
  const bool gaz_place = gaz == "GPE" || gaz == "LOC";
  if (model_place) return gaz_place;
  if (model == "MISC" || model == "NORP") return gaz == "NORP";
  // A listed place the model read as a law, event, product or work ("the London-based
  // bank" -> LAW "London"): one token of these types is a place far more often.
  if (model == "LAW" || model == "EVENT" || model == "PRODUCT" || model == "WORK_OF_ART") return gaz_place;
  return false;
}

int source_priority(EntitySource s) {
  switch (s) {
    case EntitySource::kUser:
      return 3;
    case EntitySource::kPattern:
      return 2;
    case EntitySource::kGazetteer:
      return 1;
    case EntitySource::kModel:
      return 0;
  }
  return 0;
}

}  // namespace

std::vector<Entity> resolve_overlaps(std::vector<Entity> entities, const Doc& doc, const PhraseMatcher* titles,
                                     const PhraseMatcher* norp) {
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  std::vector<Entity> extra;
  // 1. span conventions
  auto title_at = [&](std::uint32_t k) -> std::uint32_t {
    if (titles) return titles->match_at(doc, k, "TITLE");
    return builtin_title(tok_text(doc, k)) ? 1u : 0u;
  };
  auto capitalised = [&](std::uint32_t k) {
    std::string_view t = tok_text(doc, k);
    return !t.empty() && t[0] >= 'A' && t[0] <= 'Z';
  };
  // Token k is a "-" glued to the token before it; and to the token after it too, inside
  // one word ("Russia-China", "Jong-un").
  auto hyphen_after = [&](std::uint32_t k) { return k < n && tok_text(doc, k) == "-" && glued(doc, k); };
  auto glued_hyphen = [&](std::uint32_t k) { return hyphen_after(k) && k + 1 < n && glued(doc, k + 1); };
  for (auto& e : entities) {
    if (e.tok_end > n) e.tok_end = n;
    if (e.tok_begin >= e.tok_end) continue;
    while (e.tok_end > e.tok_begin + 1 && is_possessive(tok_text(doc, e.tok_end - 1))) --e.tok_end;
    // A model name stopped at a hyphen inside one word takes the lower-case rest of the
    // name ("Kim Jong" + "-un", "Chester" + "-le-Street"): the tokenizer splits a capitalised
    // word from a hyphen, as it must for "UK-based", and the model may end the name there.
    if (e.source == EntitySource::kModel && glued_hyphen(e.tok_end) && !hyphen_after(e.tok_end + 2) &&
        name_tail(tok_text(doc, e.tok_end + 1), e.label == "PERSON" && e.tok_end >= e.tok_begin + 2))
      e.tok_end += 2;
    // A role inside a model name splits it: "Sberbank CEO German Gref" -> ORG "Sberbank" +
    // PERSON "German Gref" (titles are never part of a name). The part before the role is
    // an organisation unless it is a title itself ("Crown Prince Mohammed").
    // Only for an ORG span (a PERSON span is left to the title and nationality rules below:
    // "Martin Luther King Jr." keeps "King"), only for role titles that are not also name
    // words (King, Judge, Prince ...: role_title), and only when 1-3 capitalised tokens
    // without an organisation word follow ("Cambridge Judge Business School" stays whole).
    if (e.source == EntitySource::kModel && e.label == "ORG") {
      for (std::uint32_t k = e.tok_begin + 1; k + 1 < e.tok_end; ++k) {
        std::uint32_t m = title_at(k);
        if (m == 0 || !role_title(tok_text(doc, k))) continue;
        while (k + m < e.tok_end && title_at(k + m) > 0) m += title_at(k + m);  // "Deputy CEO"
        if (k + m >= e.tok_end || e.tok_end - (k + m) > 3) continue;
        bool person_like = true;
        for (std::uint32_t j = k + m; j < e.tok_end; ++j)
          person_like = person_like && capitalised(j) && !org_word(tok_text(doc, j));
        if (!person_like) continue;
        bool left_is_title = title_at(e.tok_begin) >= k - e.tok_begin;
        if (!left_is_title) {
          Entity org;
          org.tok_begin = e.tok_begin;
          org.tok_end = k;
          // "Russian President Vladimir Putin" -> NORP "Russian"
          const bool nationality = norp && norp->match_at(doc, e.tok_begin, "NORP") == k - e.tok_begin;
          org.label = nationality ? "NORP" : "ORG";
          org.source = e.source;
          org.score = e.score;
          extra.push_back(std::move(org));
        }
        e.tok_begin = k + m;
        e.label = "PERSON";
        break;
      }
    }
    if (e.label != "PERSON") continue;
    for (bool changed = true; changed && e.tok_end > e.tok_begin + 1;) {
      changed = false;
      std::uint32_t k = 0;
      if (titles) {
        k = titles->match_at(doc, e.tok_begin, "TITLE");
      } else {
        while (e.tok_begin + k < e.tok_end && builtin_title(tok_text(doc, e.tok_begin + k))) ++k;
      }
      if (k > 0 && e.tok_begin + k < e.tok_end) {
        e.tok_begin += k;
        changed = true;
        continue;
      }
      if (norp) {
        // "Russian President Vladimir Putin" -> NORP + PERSON, but "Christian Blanc" stays
        // one PERSON: the nationality word is split off only when a title or at least
        // two name tokens follow it.
        k = norp->match_at(doc, e.tok_begin, "NORP");
        const std::uint32_t rest = e.tok_end - e.tok_begin - k;
        bool title_next = false;
        if (k > 0 && rest == 1) {
          title_next = titles ? titles->match_at(doc, e.tok_begin + k, "TITLE") > 0
                              : builtin_title(tok_text(doc, e.tok_begin + k));
        }
        if (k > 0 && (rest >= 2 || title_next)) {
          Entity ne;
          ne.tok_begin = e.tok_begin;
          ne.tok_end = e.tok_begin + k;
          ne.label = "NORP";
          ne.source = EntitySource::kGazetteer;
          ne.score = e.score;
          extra.push_back(std::move(ne));
          e.tok_begin += k;
          changed = true;
        }
      }
    }
  }
  for (auto& e : extra) entities.push_back(std::move(e));
  // A nationality word between a role title and a model PERSON is a first name:
  // "CEO German Gref" (NORP "German" + PERSON "Gref") -> PERSON "German Gref".
  // NORP entities by extent, so a long document costs a lookup per PERSON, not a scan.
  std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, std::size_t>> norp_at;
  for (std::size_t k = 0; k < entities.size(); ++k)
    if (entities[k].label == "NORP") norp_at.push_back({{entities[k].tok_begin, entities[k].tok_end}, k});
  std::sort(norp_at.begin(), norp_at.end());
  for (auto& p : entities) {
    if (p.label != "PERSON" || p.source != EntitySource::kModel || p.tok_begin < 2) continue;
    const std::uint32_t nb = p.tok_begin - 1;
    if (!capitalised(nb)) continue;
    bool after_title = false;
    for (std::uint32_t len = 1; len <= 3 && len <= nb && !after_title; ++len) after_title = title_at(nb - len) == len;
    if (!after_title) continue;
    bool first_name = false;
    const std::pair<std::uint32_t, std::uint32_t> extent{nb, p.tok_begin};
    for (auto it = std::lower_bound(norp_at.begin(), norp_at.end(), std::make_pair(extent, std::size_t{0}));
         it != norp_at.end() && it->first == extent; ++it) {
      Entity& q = entities[it->second];
      if (q.tok_begin == nb && q.tok_end == p.tok_begin) {
        q.tok_end = q.tok_begin;  // dropped below
        first_name = true;
      }
    }
    if (first_name) p.tok_begin = nb;
  }
  // The same when the model tagged nothing after the nationality word: a role title, a
  // one-word NORP and one capitalised word that no entity covers, with no capitalised word
  // after it, is a person's name ("Sberbank CEO German Gref said"): in English a
  // nationality adjective does not follow a bare title, and a lone name word after one is
  // the surname. The span is the rule's (source pattern). Not in a headline, where every
  // word is capitalised ("Apple CEO Chinese Rivals"): only in a sentence with a lower-case
  // word of four letters or more; not for a user's or a pattern's NORP.
  std::vector<std::uint8_t> covered;
  const auto& sents = doc.sentences();
  auto in_running_text = [&](std::uint32_t k) {
    auto it = std::upper_bound(sents.begin(), sents.end(), k,
                               [](std::uint32_t t, const TokenRange& r) { return t < r.begin; });
    std::uint32_t b = 0, e = n;
    if (it != sents.begin() && k < std::prev(it)->end) b = std::prev(it)->begin, e = std::prev(it)->end;
    for (std::uint32_t t = b; t < e; ++t) {
      std::string_view w = tok_text(doc, t);
      if (w.size() >= 4 && w[0] >= 'a' && w[0] <= 'z') return true;
    }
    return false;
  };
  for (auto& q : entities) {
    if (q.label != "NORP" || q.tok_end != q.tok_begin + 1 || q.tok_begin == 0 || q.tok_end + 1 > n) continue;
    if (q.source != EntitySource::kModel && q.source != EntitySource::kGazetteer) continue;
    const std::uint32_t j = q.tok_begin, name = q.tok_end;
    bool after_title = false;
    for (std::uint32_t len = 1; len <= 3 && len <= j && !after_title; ++len)
      after_title = title_at(j - len) == len && role_title(tok_text(doc, j - len));
    if (!after_title || !capitalised(name) || !name_word(tok_text(doc, name)) || title_at(name) > 0) continue;
    if (name + 1 < n && capitalised(name + 1)) continue;
    if (covered.empty()) {
      covered.assign(n, 0);
      for (const auto& e : entities)
        for (std::uint32_t k = e.tok_begin; k < e.tok_end && k < n; ++k) covered[k] = 1;
    }
    if (covered[name] || !in_running_text(j)) continue;
    covered[name] = 1;
    q.tok_end = name + 1;
    q.label = "PERSON";
    q.source = EntitySource::kPattern;
    q.score = 1.0f;
    q.value.clear();
  }
  // A country joined by a hyphen to a country before it starts no name: in "Russia-China
  // AI Partnership" or "US-China Trade War" the pair is a compound modifier, as in
  // "Russia-China trade", so a model span from the second country on ("China AI
  // Partnership" ORG) is dropped and the country's own GPE stays. Only a model ORG, and
  // not one that ends in an organisation word, a company designator or a treaty's head
  // ("US-China Business Council", "Beijing-Santiago Copper Tube Co").
  std::vector<std::pair<std::uint32_t, std::uint32_t>> gpes;  // (begin, end), made when first needed
  bool gpes_made = false;
  auto gpe = [&](std::uint32_t b, std::uint32_t e) {
    return std::binary_search(gpes.begin(), gpes.end(), std::make_pair(b, e));
  };
  auto gpe_ends_at = [&](std::uint32_t e) {
    return std::any_of(gpes.begin(), gpes.end(), [e](const auto& g) { return g.second == e; });
  };
  for (auto& e : entities) {
    const std::uint32_t b = e.tok_begin;
    if (e.source != EntitySource::kModel || e.label != "ORG" || e.tok_end < b + 2 || b < 2) continue;
    if (!glued_hyphen(b - 1)) continue;
    if (org_end_word(tok_text(doc, e.tok_end - 1))) continue;
    if (!gpes_made) {
      gpes_made = true;
      for (const auto& g : entities)
        if (g.label == "GPE" && g.tok_begin < g.tok_end) gpes.push_back({g.tok_begin, g.tok_end});
      std::sort(gpes.begin(), gpes.end());
    }
    if (gpe(b, b + 1) && gpe_ends_at(b - 1)) e.tok_end = e.tok_begin;  // dropped below
  }
  entities.erase(
      std::remove_if(entities.begin(), entities.end(), [](const Entity& e) { return e.tok_begin >= e.tok_end; }),
      entities.end());
  // 2. a gazetteer match only relabels a model entity of the same extent when the
  //    labels are compatible (gazetteer_may_relabel); otherwise it is dropped
  {
    std::vector<std::size_t> model_idx;
    model_idx.reserve(entities.size());
    for (std::size_t k = 0; k < entities.size(); ++k)
      if (entities[k].source == EntitySource::kModel) model_idx.push_back(k);
    auto extent = [&](std::size_t k) { return std::make_pair(entities[k].tok_begin, entities[k].tok_end); };
    std::sort(model_idx.begin(), model_idx.end(), [&](std::size_t a, std::size_t b) { return extent(a) < extent(b); });
    std::vector<std::uint8_t> drop(entities.size(), 0);
    bool any = false;
    for (std::size_t k = 0; k < entities.size() && !model_idx.empty(); ++k) {
      const Entity& g = entities[k];
      if (g.source != EntitySource::kGazetteer) continue;
      auto key = std::make_pair(g.tok_begin, g.tok_end);
      auto it = std::lower_bound(
          model_idx.begin(), model_idx.end(), key,
          [&](std::size_t a, const std::pair<std::uint32_t, std::uint32_t>& x) { return extent(a) < x; });
      for (; it != model_idx.end() && extent(*it) == key; ++it)
        if (!gazetteer_may_relabel(entities[*it].label, g.label)) drop[k] = 1, any = true;
    }
    if (any) {
      std::size_t w = 0;
      for (std::size_t k = 0; k < entities.size(); ++k)
        if (!drop[k]) {
          if (w != k) entities[w] = std::move(entities[k]);
          ++w;
        }
      entities.resize(w);
    }
  }
  // 3. rank: user entities first, then longer, then by source priority, start, label;
  //    ties keep their order (the keys are copied out so that the sort reads no Entity
  //    but for the label of a full tie)
  struct Rank {
    std::uint32_t not_user, neg_length, neg_priority, begin;
    std::size_t idx;
  };
  std::vector<Rank> ranks;
  ranks.reserve(entities.size());
  for (std::size_t k = 0; k < entities.size(); ++k) {
    const Entity& x = entities[k];
    ranks.push_back({x.source == EntitySource::kUser ? 0u : 1u, ~(x.tok_end - x.tok_begin),
                     static_cast<std::uint32_t>(3 - source_priority(x.source)), x.tok_begin, k});
  }
  std::sort(ranks.begin(), ranks.end(), [&](const Rank& a, const Rank& b) {
    if (a.not_user != b.not_user) return a.not_user < b.not_user;
    if (a.neg_length != b.neg_length) return a.neg_length < b.neg_length;
    if (a.neg_priority != b.neg_priority) return a.neg_priority < b.neg_priority;
    if (a.begin != b.begin) return a.begin < b.begin;
    const std::string& la = entities[a.idx].label;
    const std::string& lb = entities[b.idx].label;
    if (la != lb) return la < lb;
    return a.idx < b.idx;
  });
  std::vector<std::size_t> order;
  order.reserve(ranks.size());
  for (const auto& r : ranks) order.push_back(r.idx);
  // 4. greedy selection (occupancy per token)
  std::vector<std::uint8_t> taken(n, 0);
  std::vector<std::size_t> keep;
  keep.reserve(entities.size());
  for (std::size_t idx : order) {
    const Entity& e = entities[idx];
    bool free = true;
    for (auto t = e.tok_begin; t < e.tok_end && free; ++t) free = !taken[t];
    if (!free) continue;
    for (auto t = e.tok_begin; t < e.tok_end; ++t) taken[t] = 1;
    keep.push_back(idx);
  }
  std::sort(keep.begin(), keep.end(),
            [&](std::size_t a, std::size_t b) { return entities[a].tok_begin < entities[b].tok_begin; });
  std::vector<Entity> out;
  out.reserve(keep.size());
  for (std::size_t idx : keep) out.push_back(std::move(entities[idx]));
  return out;
}

void resolve_doc_entities(Doc& doc) {
  auto ents = resolve_overlaps(doc.entities(), doc);
  doc.clear_entities();
  for (const auto& e : ents) doc.add_entity(e);
}

}  // namespace byline
