#pragma once
// Error types. Every message is one sentence a user can act on: it names the file, key or case.
#include <stdexcept>
#include <string>

namespace ves {

/// Base of all framework errors; the host turns it into a message and exit code 1.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input data (unreadable file, wrong shape, NaNs); the message names the file or case.
class DataError : public Error {
 public:
  using Error::Error;
};

/// A plugin could not be loaded or a component could not be found or built.
class PluginError : public Error {
 public:
  using Error::Error;
};

/// Misuse of a command (bad arguments); the host exits with code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace ves
