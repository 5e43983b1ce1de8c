// Text rendering of a battery report (see results.h).
#include "gomapfuzz/spread/results.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>

namespace gomapfuzz::spread {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kInfo:
      return "INFO";
  }
  return "?";
}

bool BatteryReport::all_pass() const {
  for (const auto& s : sections) {
    for (const auto& r : s.rows) {
      if (r.verdict == Verdict::kFail) return false;
    }
  }
  return true;
}

const Row* BatteryReport::find(const std::string& test,
                               const std::string& keys) const {
  for (const auto& s : sections) {
    for (const auto& r : s.rows) {
      if (r.test == test && r.keys == keys) return &r;
    }
  }
  return nullptr;
}

std::string fmt_p(double p) {
  char buf[32];
  if (p >= 1e-3 || p == 0) {
    std::snprintf(buf, sizeof buf, "%.3g", p);
  } else {
    std::snprintf(buf, sizeof buf, "%.2e", p);
  }
  return buf;
}

std::string fmt_num(double v, int precision) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  return buf;
}

namespace {

void print_section(std::ostream& os, const Section& s) {
  os << "\n== " << s.name << "  (" << fmt_num(s.seconds, 3) << " s)\n";
  if (!s.header.empty()) os << s.header << "\n";
  std::size_t wt = 4, wk = 4, ws = 9, wth = 9;
  for (const auto& r : s.rows) {
    wt = std::max(wt, r.test.size());
    wk = std::max(wk, r.keys.size());
    ws = std::max(ws, r.statistic.size());
    wth = std::max(wth, r.threshold.size());
  }
  auto cell = [&os](const std::string& v, std::size_t w) {
    os << std::left << std::setw(static_cast<int>(w) + 2) << v;
  };
  cell("test", wt);
  cell("keys", wk);
  cell("verdict", 7);
  cell("statistic (worst case)", ws);
  cell("threshold", wth);
  os << "where\n";
  for (const auto& r : s.rows) {
    cell(r.test, wt);
    cell(r.keys, wk);
    cell(verdict_name(r.verdict), 7);
    cell(r.statistic, ws);
    cell(r.threshold, wth);
    os << r.where;
    if (r.failed > 0) os << "  [" << r.failed << "/" << r.configs << " failed]";
    os << "\n";
  }
  if (!s.why.empty()) {
    os << "why these thresholds:\n";
    for (const auto& [test, why] : s.why)
      os << "  " << test << ": " << why << "\n";
  }
}

}  // namespace

void print_report(std::ostream& os, const BatteryReport& r) {
  os << "gomapfuzz spread: hash " << r.hash_name << " (" << r.hash_description
     << "), seed " << r.seed << ", mode " << r.mode << "\n";
  int pass = 0, fail = 0;
  for (const auto& s : r.sections) {
    print_section(os, s);
    for (const auto& row : s.rows) {
      if (row.verdict == Verdict::kPass) ++pass;
      if (row.verdict == Verdict::kFail) ++fail;
    }
  }
  os << "\nspread: " << pass << " passed, " << fail << " failed in "
     << fmt_num(r.seconds, 3) << " s wall, " << fmt_num(r.cpu_seconds, 3)
     << " s CPU: " << (fail == 0 ? "PASS" : "FAIL") << "\n";
}

}  // namespace gomapfuzz::spread
