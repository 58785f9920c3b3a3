# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE): the .tar.gz gets a README at its
# top saying what it needs; the .deb states that in its Depends instead.
if(CPACK_GENERATOR STREQUAL "TGZ")
    set(CPACK_INSTALLED_DIRECTORIES "${CPACK_CURTAIN_TGZ_EXTRA_DIR};.")
endif()
