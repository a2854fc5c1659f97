/* assets.h — jhweb's stylesheet and script, compiled in. */
#ifndef JH_WEB_ASSETS_H
#define JH_WEB_ASSETS_H

extern const char web_style_css[];
extern const char web_app_js[];
extern const char web_book_js[];

#endif
