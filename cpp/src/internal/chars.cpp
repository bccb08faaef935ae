#include "internal/chars.h"

#include <utf8proc.h>

#include <array>
#include <memory>

namespace byline::internal {
namespace {

bool is_separator(char32_t cp) {
  switch (cp) {
    case 0x0085:
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x200B:
    case 0x2060:
    case 0xFEFF:
      return true;
    default:
      return cp <= 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x2000 && cp <= 0x200A);
  }
}

bool is_ideograph(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0x30000 && cp <= 0x3134F);
}

CharClass compute_class(char32_t cp) {
  if (is_separator(cp)) return kSep;
  if (is_ideograph(cp)) return kIdeograph;
  if (cp == 0xFFFD) return kOtherChar;  // REPLACEMENT CHARACTER: kind "other", never an affix
  if (is_emoji_extender(cp)) return kMark;
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (p->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR) return kEmojiChar;
  if ((p->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC || p->boundclass == UTF8PROC_BOUNDCLASS_E_ZWG) &&
      cp >= 0x2300)
    return kEmojiChar;
  switch (p->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return kLetter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return kMark;
    case UTF8PROC_CATEGORY_ND:
      return kDigit;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return kNumberOther;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return kPunctChar;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
      return kSymbolChar;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return kSep;
    default:
      return kOtherChar;
  }
}

// Class table for the Basic Multilingual Plane, built once.
const std::array<std::uint8_t, 0x10000>& bmp_table() {
  static const std::unique_ptr<std::array<std::uint8_t, 0x10000>> table = [] {
    auto t = std::make_unique<std::array<std::uint8_t, 0x10000>>();
    for (char32_t cp = 0; cp < 0x10000; ++cp) (*t)[cp] = compute_class(cp);
    return t;
  }();
  return *table;
}

}  // namespace

bool is_emoji_extender(char32_t cp) noexcept {
  return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
}

CharClass char_class(char32_t cp) noexcept {
  if (cp < 0x10000) return static_cast<CharClass>(bmp_table()[cp]);
  return compute_class(cp);
}

bool is_upper(char32_t cp) noexcept {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  auto c = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->category;
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool is_lower(char32_t cp) noexcept {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->category == UTF8PROC_CATEGORY_LL;
}

}  // namespace byline::internal
