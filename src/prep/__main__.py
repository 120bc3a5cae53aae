from prep.entry import main

main()
