#include <gtest/gtest.h>

#include <cmath>

#include "ves/engine/csv_table.hpp"

TEST(CsvTable, WritesColumnsInFirstSeenOrderAndLeavesMissingCellsEmpty) {
  ves::CsvTable t;
  t.add_row();
  t.set("case", "a");
  t.set("dice", 0.5);
  t.add_row();
  t.set("case", "b");
  t.set("hd95", 3.0);
  EXPECT_EQ(t.text(), "case,dice,hd95\na,0.5,\nb,,3\n");
}

TEST(CsvTable, QuotesCellsWithCommasQuotesAndNewlines) {
  ves::CsvTable t;
  t.set("note", "a,b \"c\"\nd");
  EXPECT_EQ(t.text(), "note\n\"a,b \"\"c\"\"\nd\"\n");
}

TEST(FormatNumber, GivesTheShortestTextThatReadsBackExactly) {
  EXPECT_EQ(ves::format_number(0.1), "0.1");
  EXPECT_EQ(ves::format_number(3.0), "3");
  EXPECT_EQ(ves::format_number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(std::stod(ves::format_number(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_EQ(ves::format_number(std::nan("")), "nan");
  EXPECT_EQ(ves::format_number(-INFINITY), "-inf");
}
