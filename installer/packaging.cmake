# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# CPack: `cpack -G DEB` and `cpack -G TGZ` from the build directory. Both carry the same layout
# as the build tree (bin/, libexec/curtain/, share/curtain/), so the app finds its helpers and
# data wherever it is unpacked. The DEB is a desktop package: menu entry, icons, metainfo, MIME
# type, man page, copyright and changelog; installer/test-clean-install.sh checks it on a clean
# Debian 12, lintian included.

# The documentation every package carries: the copyright (machine-readable), the changelog, and
# the man page made from `curtain --help` by help2man, so the two cannot drift apart.
set(doc_dir "${CMAKE_INSTALL_DATADIR}/doc/curtain")
install(FILES "${PROJECT_SOURCE_DIR}/installer/copyright" DESTINATION "${doc_dir}")
find_program(GZIP_EXECUTABLE gzip REQUIRED)
add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/doc/changelog.gz"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${PROJECT_BINARY_DIR}/doc"
    COMMAND ${GZIP_EXECUTABLE} -9nc "${PROJECT_SOURCE_DIR}/installer/changelog" > "${PROJECT_BINARY_DIR}/doc/changelog.gz"
    DEPENDS "${PROJECT_SOURCE_DIR}/installer/changelog"
    COMMENT "Compressing the changelog"
    VERBATIM)
set(doc_outputs "${PROJECT_BINARY_DIR}/doc/changelog.gz")
install(FILES "${PROJECT_BINARY_DIR}/doc/changelog.gz" DESTINATION "${doc_dir}")
find_program(HELP2MAN_EXECUTABLE help2man)
if(HELP2MAN_EXECUTABLE)
    add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/doc/curtain.1.gz"
        COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
                ${HELP2MAN_EXECUTABLE} --no-info --section=1
                --name=see\ how\ Python\ really\ works\ underneath
                --include=${PROJECT_SOURCE_DIR}/resources/curtain.h2m
                --output=${PROJECT_BINARY_DIR}/doc/curtain.1 $<TARGET_FILE:curtain>
        COMMAND ${GZIP_EXECUTABLE} -9nf "${PROJECT_BINARY_DIR}/doc/curtain.1"
        DEPENDS curtain "${PROJECT_SOURCE_DIR}/resources/curtain.h2m"
        COMMENT "Making the man page from curtain --help"
        VERBATIM)
    list(APPEND doc_outputs "${PROJECT_BINARY_DIR}/doc/curtain.1.gz")
    install(FILES "${PROJECT_BINARY_DIR}/doc/curtain.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
    message(WARNING "help2man not found: no man page (scripts/deps.sh installs it)")
endif()
add_custom_target(curtain_docs ALL DEPENDS ${doc_outputs})
# The talks are Markdown files the app reads (decks), not documentation.
install(FILES "${PROJECT_SOURCE_DIR}/installer/lintian-overrides"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides" RENAME curtain)

set(CPACK_PACKAGE_NAME "curtain")
set(CPACK_PACKAGE_VENDOR "The Curtain developers")
set(CPACK_PACKAGE_CONTACT "The Curtain developers <team@curtainapp.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://curtainapp.org")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see how Python really works underneath")
# Debian's lines are at most 80 columns.
set(CPACK_PACKAGE_DESCRIPTION
    "Curtain is a desktop teaching app that pulls back the curtain on Python:
how the real CPython interpreter builds classes and metaclasses, how threads,
processes, coroutines and the GIL share real cores, and how a startup's queues
behave, checked against queueing theory. Its presenter mode gives talks from
slides with live demos and a presenter console.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/build-.*/;/\\\\.git/;/dist/")
# The .tar.gz carries a README of its own: what to install to run it.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/installer/cpack-per-generator.cmake")
set(CPACK_CURTAIN_TGZ_EXTRA_DIR "${PROJECT_SOURCE_DIR}/installer/tgz")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "education")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://curtainapp.org")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plugins or run as programs, so dpkg-shlibdeps cannot see them. (Qt's SVG support and
# its xcb platform come with the libraries dpkg-shlibdeps finds.)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, fonts-dejavu-core, python3")
# The talks' real libraries: Class Forge's lessons trace them (a lesson whose library is missing
# says which package to install); Startup Sim's real run starts Redis, Celery 5 and ffmpeg (its
# button names what is missing).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "qt6-wayland, python3-django, python3-sqlalchemy, python3-formencode, python3-gevent, redis-server, python3-celery, python3-redis, ffmpeg, python3-tornado")
# Reproducible: the same source gives the same bytes (the archives take SOURCE_DATE_EPOCH).
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")

set(CPACK_GENERATOR "DEB;TGZ")
include(CPack)

if(BUILD_TESTING)
    add_test(NAME package
        COMMAND bash "${PROJECT_SOURCE_DIR}/installer/check-package.sh" "${PROJECT_BINARY_DIR}")
    set_tests_properties(package PROPERTIES LABELS packaging TIMEOUT 300 RUN_SERIAL TRUE)
    # A release folder (packages, checksums, notes, download page), its links and hashes checked.
    add_test(NAME release
        COMMAND bash "${PROJECT_SOURCE_DIR}/installer/test-release.sh" "${PROJECT_BINARY_DIR}")
    set_tests_properties(release PROPERTIES LABELS packaging TIMEOUT 300 RUN_SERIAL TRUE)
endif()
