// byline/byline.h — umbrella header for the byline C++ API.
//
//   #include <byline/byline.h>
//   byline::Tokenizer tok;
//   byline::Doc doc = tok.tokenize(text);
//   std::cout << doc.to_json() << "\n";
#pragma once

#include "byline/doc.h"
#include "byline/errors.h"
#include "byline/logging.h"
#include "byline/tokenizer.h"
#include "byline/version.h"
