# ves_enable_warnings(target): the project's warning set, applied to our own code only.
function(ves_enable_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
      -Wnon-virtual-dtor -Woverloaded-virtual -Wno-unused-parameter)
  endif()
endfunction()

option(VES_SANITIZE "Build with address and undefined-behaviour sanitizers" OFF)
if(VES_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
