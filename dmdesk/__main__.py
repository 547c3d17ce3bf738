from dmdesk.app import main

raise SystemExit(main())
